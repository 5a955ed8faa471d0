package io.ringflow.connector;

import io.ringflow.api.JobClient;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.barrier.BarrierMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.stream.LongStream;

import static io.ringflow.connector.LogJobs.FAILED_ONCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChronicleLogSinkTest extends LogDirectoryTest {
    static final int KEYS = 50;
    static final long EVENTS = 30_000;
    // slow enough that many checkpoints complete before the failure and after it
    static final double EVENTS_PER_SECOND = 150_000;

    @ParameterizedTest
    @EnumSource(value = BarrierMode.class, names = {"ALIGNED", "UNALIGNED"})
    void shouldMakeEveryRecordVisibleExactlyOnceAfterAFailure(BarrierMode mode) {
        Path log = dir.resolve("log");
        JobClient job = runFailingOnce(LogJobs.environment(mode, 10, dir.resolve("checkpoints")),
            ChronicleLogSink.exactlyOnce(log, Codecs.LONG));
        assertEquals(1, job.restarts(), "one restart after the injected failure");
        assertTrue(FAILED_ONCE.get());
        assertTrue(job.checkpointStats().size() > 2, "checkpoints completed around the failure");

        assertEquals(expected(), sorted(ChronicleLogReader.readCommitted(log, Codecs.LONG)));
        assertTrue(ChronicleLogReader.readAll(log, Codecs.LONG).size() > EVENTS,
            "records of the transactions open at the failure are in the log, but not visible");
    }

    /** Two writers' transactions in one queue lose committed records on replay: the second job is refused. */
    @Test
    void shouldRefuseASecondJobWritingTheSameLog() {
        Path log = dir.resolve("log");
        StreamEnvironment firstEnv = LogJobs.environment(BarrierMode.ALIGNED, 10, dir.resolve("checkpoints-1"));
        firstEnv.fromSource(GeneratorSource.bounded(EVENTS, seq -> seq).withRate(1_000), WatermarkStrategy.noWatermarks(),
                "numbers")
            .keyBy(n -> n % KEYS).map(n -> n * 3)
            .sinkTo(ChronicleLogSink.exactlyOnce(log, Codecs.LONG));
        JobClient first = firstEnv.executeAsync("first-writer");
        try {
            io.ringflow.testing.Eventually.await("the first job's writers open, a checkpoint completed", () -> first.checkpointStats()
                .stream().anyMatch(c -> c.status() == io.ringflow.api.CheckpointStatus.COMPLETED), first::status);
            StreamEnvironment secondEnv = LogJobs.environment(BarrierMode.ALIGNED, 10, dir.resolve("checkpoints-2"))
                .setRestartStrategy(io.ringflow.api.RestartStrategy.noRestart());
            secondEnv.fromSource(GeneratorSource.bounded(100, seq -> seq), WatermarkStrategy.noWatermarks(), "numbers")
                .keyBy(n -> n % KEYS)
                .sinkTo(ChronicleLogSink.exactlyOnce(log, Codecs.LONG));
            JobClient second = secondEnv.executeAsync("second-writer");
            org.junit.jupiter.api.Assertions.assertThrows(io.ringflow.api.JobExecutionException.class,
                () -> second.await(io.ringflow.testing.Jobs.TIMEOUT));
            assertEquals(io.ringflow.api.JobStatus.FAILED, second.status());
            String cause = String.valueOf(second.failureCause().orElseThrow());
            assertTrue(cause.contains("being written by another writer") && cause.contains(log.toString()), cause);
            assertEquals(io.ringflow.api.JobStatus.RUNNING, first.status(), "the first job goes on");
        } finally {
            io.ringflow.testing.Jobs.stop(first);
        }
    }

    @Test
    void shouldCommitAtTheEndOfInputWithoutCheckpointing() {
        Path log = dir.resolve("log");
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(64);
        env.fromSource(GeneratorSource.bounded(EVENTS, seq -> seq), WatermarkStrategy.noWatermarks(), "numbers")
            .keyBy(n -> n % KEYS)
            .map(n -> n * 3)
            .sinkTo(ChronicleLogSink.exactlyOnce(log, Codecs.LONG));
        env.execute("log-sink-no-checkpoints");
        assertEquals(expected(), sorted(ChronicleLogReader.readCommitted(log, Codecs.LONG)));
    }

    @Test
    void shouldLoseNothingAtLeastOnce() {
        Path log = dir.resolve("log");
        ChronicleLogSink<Long> sink = ChronicleLogSink.atLeastOnce(log, Codecs.LONG);
        JobClient job = runFailingOnce(LogJobs.environment(BarrierMode.ALIGNED, 10, dir.resolve("checkpoints")), sink);
        assertEquals(1, job.restarts());

        List<Long> all = ChronicleLogReader.readAll(log, Codecs.LONG);
        assertEquals(new HashSet<>(expected()), new HashSet<>(all), "every record at least once");
        assertTrue(all.size() >= EVENTS);
        assertEquals(all, ChronicleLogReader.readCommitted(log, Codecs.LONG), "at-least-once records need no commit");
    }

    private static JobClient runFailingOnce(StreamEnvironment env, ChronicleLogSink<Long> sink) {
        env.fromSource(GeneratorSource.bounded(EVENTS, seq -> seq).withRate(EVENTS_PER_SECOND),
                WatermarkStrategy.noWatermarks(), "numbers").uid("numbers")
            .keyBy(n -> n % KEYS)
            .map(LogJobs.tripleAndFailOnceAt(EVENTS / 2)).uid("triple")
            .sinkTo(sink).uid("log");
        JobClient job = env.executeAsync("log-sink");
        job.await(Duration.ofSeconds(30));
        return job;
    }

    private static List<Long> expected() {
        return LongStream.range(0, EVENTS).map(n -> n * 3).boxed().toList();
    }

    private static List<Long> sorted(List<Long> values) {
        return values.stream().sorted().toList();
    }
}
