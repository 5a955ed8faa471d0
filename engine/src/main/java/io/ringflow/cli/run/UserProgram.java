package io.ringflow.cli.run;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The user's class and its {@code public static void main(String[])}, found on the class path plus {@code --classpath}. */
final class UserProgram {
    private final Method main;
    private final ClassLoader loader;

    private UserProgram(Method main, ClassLoader loader) {
        this.main = main;
        this.loader = loader;
    }

    /** @throws IllegalArgumentException naming what is missing: a class path entry, the class or its main */
    static UserProgram load(String className, String classpath) {
        ClassLoader parent = UserProgram.class.getClassLoader();
        ClassLoader loader = classpath == null ? parent : new URLClassLoader(urls(classpath), parent);
        Class<?> type;
        try {
            type = Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("class " + className + " not found on the class path"
                + (classpath == null ? " (add its jar or directory with --classpath)" : " nor in --classpath " + classpath));
        }
        Method main;
        try {
            main = type.getMethod("main", String[].class);
        } catch (NoSuchMethodException e) {
            main = null;
        }
        if (main == null || !Modifier.isStatic(main.getModifiers()) || main.getReturnType() != void.class) {
            throw new IllegalArgumentException("class " + className + " has no public static void main(String[]): "
                + "ringflow run calls it to build and execute the job");
        }
        main.setAccessible(true); // a public main of a package-private class
        return new UserProgram(main, loader);
    }

    private static URL[] urls(String classpath) {
        List<URL> urls = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path path = Path.of(entry);
            if (!Files.exists(path)) {
                throw new IllegalArgumentException("--classpath entry " + entry + " does not exist");
            }
            try {
                urls.add(path.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("--classpath entry " + entry + ": " + e.getMessage());
            }
        }
        return urls.toArray(URL[]::new);
    }

    /** Calls main on this thread with the program's class loader as context loader; rethrows what main threw. */
    void run(List<String> args) throws Throwable {
        Thread.currentThread().setContextClassLoader(loader);
        try {
            main.invoke(null, (Object) args.toArray(String[]::new));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
