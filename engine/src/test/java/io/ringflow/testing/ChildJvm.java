package io.ringflow.testing;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a JVM with this one's classpath, module flags and system properties, for tests that kill it. */
public final class ChildJvm {
    private ChildJvm() {
    }

    /** Runs {@code mainClass} with {@code args}, output and errors to {@code log}. */
    public static Process start(String maxHeap, String mainClass, List<String> args, Path log) throws IOException {
        return start(maxHeap, true, mainClass, args, log);
    }

    /** Like {@link #start}, but without the {@code --add-opens}/{@code --add-exports} flags Ringflow needs. */
    public static Process startWithoutModuleFlags(String mainClass, List<String> args, Path log) throws IOException {
        return start("256m", false, mainClass, args, log);
    }

    private static Process start(String maxHeap, boolean moduleFlags, String mainClass, List<String> args, Path log)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + maxHeap);
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if ((moduleFlags && flag.startsWith("--add-")) || flag.startsWith("-D")) {
                command.add(flag);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
