package io.ringflow.stress;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The short version of the liveness stress suite (the long one is {@link StressRunner}): the
 * stress job in every checkpointing mode under backpressure, with injected failures, and killed
 * with SIGKILL and restored. Every job runs under the progress watchdog, so a hang fails its
 * test with every task's channel positions, marker queues, holds and thread stacks. Failure
 * points and kill times come from the seed printed with each result (the base seed is
 * {@code -Dringflow.stress.seed=...}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LivenessStressTest {
    static final long SEED = Long.getLong("ringflow.stress.seed", 20_261_121L);
    static final long RECORDS = 150_000;
    /** Enough that the child is still running up to a second after its first checkpoint. */
    static final long SIGKILL_RECORDS = 1_000_000;

    static Stream<Arguments> everyModeAndVariant() {
        return Stream.of(Mode.values()).flatMap(mode -> Stream.of(Variant.values()).map(variant -> Arguments.of(mode, variant)));
    }

    @ParameterizedTest(name = "{0}, {1}, parallelism 2")
    @MethodSource("everyModeAndVariant")
    void shouldKeepTheModesGuaranteeUnderBackpressure(Mode mode, Variant variant, @TempDir Path dir) {
        long seed = SEED + mode.ordinal() * 10L + variant.ordinal();
        RunResult result = InProcessRun.execute(Scenario.of(mode, variant, RECORDS, seed), dir, false);

        assertPassed(result);
        assertTrue(result.checkpoints() > 1, "checkpoints completed while records flowed: " + result.summary());
        if (mode == Mode.MERGED) {
            assertTrue(retainedFileNames(dir).stream().anyMatch(name -> name.endsWith(".streams")),
                "the retained checkpoints hold subtask files: " + retainedFileNames(dir));
        }
    }

    private static List<String> retainedFileNames(Path dir) {
        try (Stream<Path> files = Files.walk(StressJob.checkpoints(dir))) {
            return files.map(file -> file.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Arguments> failureScenarios() {
        return Stream.of(
            Scenario.of(Mode.UNALIGNED, Variant.SLOW_SINK, RECORDS, SEED + 101).withParallelism(3),
            Scenario.of(Mode.ALIGNED, Variant.FAN_OUT, RECORDS, SEED + 102),
            Scenario.of(Mode.ALIGNED_TIMEOUT, Variant.SLOW_KEYED, RECORDS, SEED + 103).withParallelism(3),
            Scenario.of(Mode.AT_LEAST_ONCE, Variant.SLOW_SINK, RECORDS, SEED + 104).withParallelism(4),
            Scenario.of(Mode.INCREMENTAL, Variant.FAN_OUT, RECORDS, SEED + 105).withParallelism(2),
            Scenario.of(Mode.MERGED, Variant.SLOW_KEYED, RECORDS, SEED + 106).withParallelism(3),
            Scenario.of(Mode.RECYCLED, Variant.SLOW_SINK, RECORDS, SEED + 107).withParallelism(3)
        ).map(scenario -> Arguments.of(scenario.withFailures(2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failureScenarios")
    void shouldRecoverFromInjectedFailuresWithoutBreakingTheGuarantee(Scenario scenario, @TempDir Path dir) {
        RunResult result = InProcessRun.execute(scenario, dir, false);

        assertPassed(result);
        assertEquals(scenario.failures(), result.failuresInjected(), "every planned failure fired: " + result.summary());
    }

    static Stream<Arguments> sigkillScenarios() {
        return Stream.of(
            // the default ring: the in-flight records restored into the keyed operator are more than its
            // output ring holds, so the replay must give way to the sink (it once blocked the restore for good)
            new Scenario(Mode.UNALIGNED, Variant.SLOW_KEYED, 3, SIGKILL_RECORDS, 4096, 0, SEED + 201),
            Scenario.of(Mode.ALIGNED, Variant.SLOW_SINK, SIGKILL_RECORDS, SEED + 202),
            Scenario.of(Mode.INCREMENTAL, Variant.SLOW_KEYED, SIGKILL_RECORDS, SEED + 203).withParallelism(3),
            Scenario.of(Mode.MERGED, Variant.SLOW_SINK, SIGKILL_RECORDS, SEED + 204).withParallelism(2),
            Scenario.of(Mode.RECYCLED, Variant.SLOW_KEYED, SIGKILL_RECORDS, SEED + 205).withParallelism(2)
        ).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sigkillScenarios")
    void shouldRestoreFromLatestAfterTheProcessIsKilled(Scenario scenario, @TempDir Path dir) throws Exception {
        RunResult result = SigkillRun.execute(scenario, dir);

        assertPassed(result);
        assertTrue(result.killed(), "the child JVM was killed: " + result.summary());
    }

    /** Fails with the scenario and seed, and with the diagnostics of a hang. */
    private static void assertPassed(RunResult result) {
        System.out.println(result.summary());
        assertTrue(result.ok(), result::describe);
    }
}
