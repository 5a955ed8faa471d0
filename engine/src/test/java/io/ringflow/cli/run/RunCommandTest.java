package io.ringflow.cli.run;

import io.ringflow.api.codec.Codecs;
import io.ringflow.cli.CliRun;
import io.ringflow.connector.ChronicleLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ringflow run} in this JVM: argument mistakes, a program that fails, and a bounded job run to its end. */
class RunCommandTest {
    private static final String COUNTING = CountingJob.class.getName();

    @Test
    void shouldExit2WithoutJob() {
        CliRun run = CliRun.of("run", "--config", "x.yaml");

        assertEquals(2, run.code(), run.toString());
        assertEquals("ringflow run: missing --job CLASS: the class whose main(String[]) builds and executes the job",
            run.errLine());
        assertTrue(run.err().contains("usage: ringflow run --job CLASS"), run.err());
    }

    @Test
    void shouldExit2OnAnEmptyValue() {
        CliRun run = CliRun.of("run", "--job", COUNTING, "--restore", "");

        assertEquals(2, run.code(), run.toString());
        assertEquals("ringflow run: --restore needs a value", run.errLine());
    }

    @Test
    void shouldExit2OnAnUnknownOptionOrAnArgumentBeforeTheDoubleDash() {
        CliRun option = CliRun.of("run", "--job", COUNTING, "--parallel", "2");
        CliRun argument = CliRun.of("run", "--job", COUNTING, "name");
        CliRun allow = CliRun.of("run", "--job", COUNTING, "--allow-non-restored-state");

        assertEquals(2, option.code(), option.toString());
        assertEquals("ringflow run: unknown option '--parallel'", option.errLine());
        assertEquals(2, argument.code(), argument.toString());
        assertEquals("ringflow run: unexpected argument 'name': the program's arguments go after '--'", argument.errLine());
        assertEquals(2, allow.code(), allow.toString());
        assertEquals("ringflow run: --allow-non-restored-state applies to a restore: give --restore too", allow.errLine());
    }

    @Test
    void shouldExit1NamingAMissingClass() {
        CliRun run = CliRun.of("run", "--job", "com.example.NoSuchJob");

        assertEquals(1, run.code(), run.toString());
        assertEquals("ringflow run: class com.example.NoSuchJob not found on the class path (add its jar or directory "
            + "with --classpath)", run.errLine());
    }

    @Test
    void shouldExit1NamingAMissingClasspathEntry(@TempDir Path dir) {
        CliRun run = CliRun.of("run", "--job", "com.example.NoSuchJob", "--classpath", dir.resolve("job.jar").toString());

        assertEquals(1, run.code(), run.toString());
        assertEquals("ringflow run: --classpath entry " + dir.resolve("job.jar") + " does not exist", run.errLine());
    }

    @Test
    void shouldExit1ForAClassWithoutMain() {
        CliRun run = CliRun.of("run", "--job", NoMainJob.class.getName());

        assertEquals(1, run.code(), run.toString());
        assertEquals("ringflow run: class " + NoMainJob.class.getName() + " has no public static void main(String[]): "
            + "ringflow run calls it to build and execute the job", run.errLine());
    }

    @Test
    void shouldExit1NamingTheKeyOfABadConfigBeforeTheProgramRuns(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("ringflow.yaml"), "state.checkpoints.dirr: /tmp/x\n");
        Path output = dir.resolve("output");

        CliRun run = CliRun.of("run", "--job", COUNTING, "--config", config.toString(), "--", "bad-config", "10", "0",
            output.toString());

        assertEquals(1, run.code(), run.toString());
        assertTrue(run.errLine().startsWith("ringflow run: " + config + ": "), run.errLine());
        assertTrue(run.errLine().contains("unknown configuration key state.checkpoints.dirr; did you mean state.checkpoints.dir?"), run.errLine());
        assertTrue(Files.notExists(output), "the program must not run");
    }

    @Test
    void shouldExit1ForAMissingConfigFile(@TempDir Path dir) {
        CliRun run = CliRun.of("run", "--job", COUNTING, "--config", dir.resolve("none.yaml").toString());

        assertEquals(1, run.code(), run.toString());
        assertTrue(run.errLine().startsWith("ringflow run: "), run.errLine());
        assertTrue(run.errLine().contains("none.yaml"), run.errLine());
    }

    @Test
    void shouldExit1WhenTheJobFails() {
        CliRun run = CliRun.of("run", "--job", FailingJob.class.getName());

        assertEquals(1, run.code(), run.toString());
        assertTrue(run.errLine().startsWith("ringflow run: job 'failing' failed: "), run.errLine());
        assertTrue(run.errLine().contains("record two is refused"), run.errLine());
    }

    @Test
    void shouldRunABoundedJobWithTheConfigFileToItsEndAndExit0(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("ringflow.yaml"), """
            execution.checkpointing.interval: 20 ms
            state.checkpoints.dir: %s
            """.formatted(dir.resolve("checkpoints")));
        Path output = dir.resolve("output");

        CliRun run = CliRun.of("run", "--job", COUNTING, "--config", config.toString(), "--", "bounded-run", "5000", "0",
            output.toString());

        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().contains("job 'bounded-run' running"), run.out());
        assertEquals(LongStream.range(0, 5000).boxed().toList(), ChronicleLogReader.readCommitted(output, Codecs.forClass(Long.class)));
        // the program sets no checkpointing: the checkpoints come from --config
        try (Stream<Path> checkpoints = Files.list(dir.resolve("checkpoints").resolve("bounded-run"))) {
            List<String> names = checkpoints.map(p -> p.getFileName().toString()).toList();
            assertTrue(names.stream().anyMatch(n -> n.startsWith("chk-")), names.toString());
        }
        assertTrue(Files.notExists(ControlEndpoint.socketOf("bounded-run")), "the control socket is removed at the end");
    }
}
