package io.ringflow.runtime;

import io.ringflow.api.CheckpointStats;
import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.api.RestartStrategy;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.MapFunction;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.barrier.BarrierMode;
import io.ringflow.connector.ChronicleLogReader;
import io.ringflow.connector.ChronicleLogSink;
import io.ringflow.connector.DiscardingSink;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.testing.Eventually;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bounded jobs with checkpointing: when all sources end, every operator finishes, a final
 * checkpoint is triggered at once (not at the next interval) and the job waits for it, so
 * two-phase-commit sinks commit everything; a source that ends early stops taking part in
 * checkpoints while the others continue, and a restore from such a checkpoint does not replay it.
 */
class BoundedJobTest {
    static final long ONE_HOUR_MS = 3_600_000;
    static final AtomicBoolean FAIL_NOW = new AtomicBoolean();
    static final AtomicBoolean FAILED = new AtomicBoolean();

    @BeforeEach
    void reset() {
        SequenceJob.reset();
        FAIL_NOW.set(false);
        FAILED.set(false);
    }

    @ParameterizedTest
    @EnumSource(value = BarrierMode.class, names = {"ALIGNED", "UNALIGNED"})
    void shouldCommitEverythingWithAFinalCheckpointTakenAtOnce(BarrierMode mode, @TempDir Path dir) {
        long events = 20_000;
        Path log = dir.resolve("log");
        StreamEnvironment env = SequenceJob.environment(mode, ONE_HOUR_MS, dir.resolve("checkpoints")).setParallelism(2);
        env.fromSource(GeneratorSource.bounded(events, n -> n), WatermarkStrategy.noWatermarks(), "numbers").uid("numbers")
            .keyBy(n -> n % 10)
            .map(n -> n * 3).uid("triple")
            .sinkTo(ChronicleLogSink.exactlyOnce(log, Codecs.LONG)).uid("log");
        JobClient job = env.executeAsync("bounded-final-checkpoint");
        try {
            // the interval is an hour: only a final checkpoint triggered at the end lets the job end within the deadline
            assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(job);
        }
        List<CheckpointStats> completed = job.checkpointStats().stream()
            .filter(stats -> stats.status() == CheckpointStatus.COMPLETED).toList();
        assertEquals(1, completed.size(), "just the final checkpoint: " + job.checkpointStats());
        assertEquals(LongStream.range(0, events).map(n -> n * 3).boxed().toList(),
            ChronicleLogReader.readCommitted(log, Codecs.LONG).stream().sorted().toList(),
            "every record committed exactly once before the job ended");
    }

    /**
     * A short source ends while a long one goes on: checkpoints keep completing without it, and a
     * failover restoring one of those checkpoints must neither re-run the ended source from the
     * start nor lose what it emitted.
     */
    @ParameterizedTest
    @EnumSource(value = BarrierMode.class, names = {"ALIGNED", "UNALIGNED", "AT_LEAST_ONCE"})
    void shouldKeepCheckpointingAfterASourceEndsAndNotReplayItOnRestore(BarrierMode mode, @TempDir Path dir) {
        long shortEvents = 6_000;
        StreamEnvironment env = SequenceJob.environment(mode, 10, dir).setParallelism(2)
            .setRestartStrategy(RestartStrategy.fixedDelay(2, Duration.ZERO));
        env.fromSource(GeneratorSource.bounded(shortEvents, n -> n), WatermarkStrategy.noWatermarks(), "short").uid("short")
            .keyBy(n -> n % SequenceJob.KEYS)
            .process(new SequenceJob.Checker(mode == BarrierMode.AT_LEAST_ONCE)).uid("checker")
            .sinkTo(DiscardingSink.create()).uid("short-sink");
        env.fromSource(GeneratorSource.unbounded(n -> n).withRate(20_000), WatermarkStrategy.noWatermarks(), "long").uid("long")
            .map(failWhenTold()).uid("fail-when-told")
            .sinkTo(DiscardingSink.create()).uid("long-sink");
        JobClient job = env.executeAsync("bounded-sources-of-different-lengths");
        try {
            Eventually.await("the short source's records processed", () -> SequenceJob.PROCESSED.get() == shortEvents,
                SequenceJob.PROCESSED::get);
            long completedBefore = completed(job);
            Eventually.await("two more checkpoints completed after the short source ended",
                () -> completed(job) >= completedBefore + 2, job::checkpointStats);
            FAIL_NOW.set(true);
            Eventually.await("a restart after the injected failure",
                () -> job.restarts() == 1 && job.status() == JobStatus.RUNNING, job::status);
            long completedAfterRestart = completed(job);
            // a replayed short source would fail the checker and restart the job again
            Eventually.await("a checkpoint completed after the restart",
                () -> completed(job) > completedAfterRestart || job.restarts() > 1, job::checkpointStats);
        } finally {
            Jobs.stop(job);
        }
        assertEquals(1, job.restarts());
        assertEquals(shortEvents, SequenceJob.PROCESSED.get(), "the ended source was not replayed after the restore");
        for (long key = 0; key < SequenceJob.KEYS; key++) {
            assertEquals(shortEvents / SequenceJob.KEYS - 1, SequenceJob.LAST_SEQUENCE.get(key), "last number of key " + key);
        }
    }

    private static long completed(JobClient job) {
        return job.checkpointStats().stream().filter(stats -> stats.status() == CheckpointStatus.COMPLETED).count();
    }

    private static MapFunction<Long, Long> failWhenTold() {
        return value -> {
            if (FAIL_NOW.get() && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure after the short source ended");
            }
            return value;
        };
    }
}
