package io.ringflow.cli.log;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Compiles a record class into a directory of its own, off this JVM's classpath. */
final class Compiled {
    private Compiled() {
    }

    static Path record(Path classes, String name, String components) throws IOException {
        int dot = name.lastIndexOf('.');
        Path source = classes.resolveSibling("src").resolve(name.replace('.', '/') + ".java");
        Files.createDirectories(source.getParent());
        Files.createDirectories(classes);
        Files.writeString(source, "package " + name.substring(0, dot) + ";\npublic record " + name.substring(dot + 1)
            + "(" + components + ") {}\n");
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int code = compiler.run(null, null, errors, "-d", classes.toString(), source.toString());
        if (code != 0) {
            throw new IllegalStateException("cannot compile " + source + ": " + errors);
        }
        return classes;
    }
}
