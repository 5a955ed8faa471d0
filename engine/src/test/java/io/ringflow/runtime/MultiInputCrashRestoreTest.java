package io.ringflow.runtime;

import io.ringflow.api.DataStream;
import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.barrier.BarrierMode;
import io.ringflow.connector.DiscardingSink;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.restore.Restore;
import io.ringflow.testing.ChildJvm;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A process crash of a multi-input job, aligned and unaligned: a child JVM runs a keyed two-input
 * job ({@link ConnectedSequenceJob}: {@code connect}, {@code keyBy(k1, k2)}, a
 * {@code KeyedCoProcessFunction}) or a {@code union} of two sources into SequenceJob's keyed
 * checker, and is killed with SIGKILL at a random point after its first completed checkpoint. A
 * new environment in this JVM restores {@code latest} and runs the input to its end: every key's
 * sequence on every input has no gap and no duplicate, and the counter counted each record once.
 */
class MultiInputCrashRestoreTest {
    static final long EVENTS = 24_000; // per source; a multiple of SequenceJob.KEYS
    static final double RATE = 24_000; // over both sources: the child would run about two seconds
    static final int PARALLELISM = 3;

    enum Shape {
        CONNECTED, UNION
    }

    @BeforeEach
    void reset() {
        ConnectedSequenceJob.reset();
    }

    static Stream<Arguments> cases() {
        return Stream.of(Shape.values()).flatMap(shape -> Stream.of(BarrierMode.ALIGNED, BarrierMode.UNALIGNED)
            .map(mode -> Arguments.of(shape, mode)));
    }

    /** The child: runs the job rate-limited until it is killed. */
    public static void main(String[] args) {
        Shape shape = Shape.valueOf(args[0]);
        BarrierMode mode = BarrierMode.valueOf(args[1]);
        SequenceJob.parkEvery = mode == BarrierMode.UNALIGNED ? 50 : 0; // a slower checker: records in flight at barriers
        StreamEnvironment env = SequenceJob.environment(mode, 10, Path.of(args[2]));
        build(env, shape, RATE);
        env.execute(jobName(shape, mode));
    }

    private static String jobName(Shape shape, BarrierMode mode) {
        return "multi-input-crash-" + shape + "-" + mode;
    }

    private static void build(StreamEnvironment env, Shape shape, double rate) {
        if (shape == Shape.CONNECTED) {
            ConnectedSequenceJob.build(env, EVENTS, rate, PARALLELISM, false);
            return;
        }
        DataStream<Long> low = env.fromSource(halfOfTheKeys(0, rate), WatermarkStrategy.noWatermarks(), "low").uid("low")
            .setParallelism(2);
        DataStream<Long> high = env.fromSource(halfOfTheKeys(30, rate), WatermarkStrategy.noWatermarks(), "high").uid("high")
            .setParallelism(3);
        low.union(high).keyBy(n -> n % SequenceJob.KEYS)
            .process(new SequenceJob.Checker(false)).uid("checker").setParallelism(PARALLELISM)
            .map(new SequenceJob.Counter()).uid("counter").setParallelism(PARALLELISM)
            .sinkTo(DiscardingSink.create()).uid("discard").setParallelism(PARALLELISM);
    }

    /** Number {@code n} of a source for keys {@code offset .. offset+29}: key {@code offset + n % 30}, sequence {@code n / 30}. */
    private static GeneratorSource<Long> halfOfTheKeys(long offset, double rate) {
        return GeneratorSource.bounded(EVENTS, n -> n / 30 * SequenceJob.KEYS + offset + n % 30).withRate(rate / 2);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void shouldRestoreTheLatestCheckpointAfterAKill9(Shape shape, BarrierMode mode, @TempDir Path dir) throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Path log = dir.resolve("child.log");
        Process child = ChildJvm.start("256m", MultiInputCrashRestoreTest.class.getName(),
            List.of(shape.name(), mode.name(), dir.toString()), log);
        Path jobDir = dir.resolve(Restore.storageJobId(jobName(shape, mode)));
        try {
            long deadline = System.nanoTime() + Jobs.TIMEOUT.toNanos();
            while (!hasCompleteCheckpoint(jobDir) && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            assertTrue(hasCompleteCheckpoint(jobDir), "no checkpoint completed in time: " + Files.readString(log));
            // the first checkpoints may precede every record: then the restore replays all input, which must hold too
            Thread.sleep(random.nextInt(500)); // a random point of the run, not a checked duration
            assertTrue(child.isAlive(), "the child ended before it could be killed (seed " + seed + "): " + Files.readString(log));
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        }
        assertEquals(137, child.exitValue(), "killed by SIGKILL");

        StreamEnvironment env = SequenceJob.environment(mode, 10, dir).setRestore(Restore.LATEST);
        build(env, shape, 0);
        JobClient job = env.executeAsync(jobName(shape, mode));
        try {
            assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(job);
        }
        assertTrue(job.lastRestoredCheckpointId().isPresent(), "restored from a checkpoint of the killed child");
        assertEquals(PARALLELISM, SequenceJob.RESTORED_CHECKERS.get(), "every checker subtask restored its state");
        assertEquals(0, SequenceJob.DUPLICATES.get(), "seed " + seed);
        if (shape == Shape.CONNECTED) {
            ConnectedSequenceJob.assertExactResults(EVENTS);
        } else {
            SequenceJob.assertExactResults(2 * EVENTS);
        }
    }

    private static boolean hasCompleteCheckpoint(Path jobDir) throws IOException {
        if (!Files.isDirectory(jobDir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(jobDir)) {
            return entries.anyMatch(p -> p.getFileName().toString().startsWith("chk-") && Files.exists(p.resolve("_metadata")));
        }
    }
}
