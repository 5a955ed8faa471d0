package io.ringflow.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks, before a job starts, that the JVM has the module flags Agrona and Chronicle need on
 * Java 17 (their one definition is {@code ringflow.jvm.flags} in the root pom, printed by
 * {@code scripts/jvm-flags}). Without them a job would fail later with a raw
 * {@link IllegalAccessError} from inside a library.
 */
final class JvmFlags {
    /** The flags, as given on the command line, that grant java.base's internals to code on the class path. */
    static final List<String> REQUIRED = List.of(
        "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
        "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED");

    private JvmFlags() {
    }

    /** @throws IllegalStateException naming every missing flag */
    static void check() {
        List<String> missing = missing(JvmFlags.class.getModule());
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Ringflow cannot run a job: this JVM lacks the module flags Agrona and "
                + "Chronicle need on Java 17+: " + String.join(" ", missing) + ". Start java with the flags "
                + "scripts/jvm-flags prints (with Maven: in surefire's argLine and exec-maven-plugin's arguments; "
                + "see the README's Embedding section)");
        }
    }

    /** The required flags the JVM lacks for code in {@code target}. */
    static List<String> missing(Module target) {
        List<String> missing = new ArrayList<>();
        for (String flag : REQUIRED) {
            if (!granted(flag, target)) {
                missing.add(flag);
            }
        }
        return missing;
    }

    private static boolean granted(String flag, Module target) {
        boolean opens = flag.startsWith("--add-opens=");
        String modulePackage = flag.substring(flag.indexOf('=') + 1, flag.lastIndexOf('='));
        String moduleName = modulePackage.substring(0, modulePackage.indexOf('/'));
        String packageName = modulePackage.substring(moduleName.length() + 1);
        Optional<Module> module = ModuleLayer.boot().findModule(moduleName);
        if (module.isEmpty()) {
            return true; // a runtime image without the module (jdk.compiler): no flag could grant it, so none is missing
        }
        return opens ? module.get().isOpen(packageName, target) : module.get().isExported(packageName, target);
    }
}
