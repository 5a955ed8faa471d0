package io.ringflow.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringflow.storage.cli.CheckpointsCli;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint written by one JVM is read by another: the bytes, not the process, carry it. */
class CrossProcessTest {
    private static final long DEADLINE_SECONDS = 60;

    @TempDir
    Path root;

    @Test
    void shouldReadACheckpointWrittenByAnotherJvm() throws Exception {
        assertEquals(0, runJava(CheckpointWriterProcess.class, "complete", root.toString(), "job", "5"));

        FileCheckpointStorage storage = new FileCheckpointStorage(StorageOptions.builder().checkpointsDir(root)
            .conclude());
        SampleJob.assertContent(storage.latest("job").orElseThrow(), 5);
    }

    @Test
    void shouldRestoreTheLastCompleteCheckpointAfterAJvmDiesMidWrite() throws Exception {
        assertEquals(137, runJava(CheckpointWriterProcess.class, "crash", root.toString(), "job", "1"));

        assertTrue(Files.isDirectory(root.resolve("job/chk-2")), "the interrupted checkpoint left files");
        FileCheckpointStorage storage = new FileCheckpointStorage(StorageOptions.builder().checkpointsDir(root)
            .warnings(w -> { }).conclude());
        SampleJob.assertContent(storage.latest("job").orElseThrow(), 1);
    }

    @Test
    void shouldVerifyInAnotherJvmWhatThisOneWrote() throws Exception {
        FileCheckpointStorage storage = new FileCheckpointStorage(StorageOptions.builder().checkpointsDir(root)
            .memoryThreshold(0).conclude());
        Path dir = SampleJob.write(storage, "job", 3).directory();

        assertEquals(CheckpointsCli.OK, runJava(CheckpointsCli.class, "verify", dir.toString()));
        CorruptCheckpointTest.flipByte(dir.resolve("op-sum-1.state"), 40);
        assertEquals(CheckpointsCli.FAILED, runJava(CheckpointsCli.class, "verify", dir.toString()));
    }

    /** Runs {@code main} of {@code mainClass} in a child JVM with this JVM's classpath and flags. */
    private int runJava(Class<?> mainClass, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (flag.startsWith("--add-") || flag.startsWith("-Dchronicle") || flag.startsWith("-Djna")) {
                command.add(flag);
            }
        }
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(root.resolve("child-" + System.nanoTime() + ".log").toFile()).start();
        if (!process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child JVM did not finish in " + DEADLINE_SECONDS + " s: " + command);
        }
        return process.exitValue();
    }
}
