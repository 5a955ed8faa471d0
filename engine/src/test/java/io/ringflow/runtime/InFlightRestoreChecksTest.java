package io.ringflow.runtime;

import io.ringflow.api.CheckpointConfig;
import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.DataStream;
import io.ringflow.api.InvalidJobException;
import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.ChronicleLogReader;
import io.ringflow.connector.ChronicleLogSink;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.testing.Eventually;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a restore checks of an unaligned checkpoint's records in flight: that the job still has
 * the operator input they go to, and reads them with the codec they were written in.
 */
class InFlightRestoreChecksTest {
    private static final long EVENTS = 60_000;

    @TempDir
    Path dir;

    /**
     * They are that operator's state, as in Flink: a job restored without the operator is refused
     * unless it allows non-restored state. Before, the restore was accepted and the records were
     * gone (86 and 94 of 200,000 in a trial).
     */
    @Test
    void shouldRefuseToDropRecordsInFlightToARemovedOperatorUnlessAllowed() throws Exception {
        runUntilInFlightCheckpoint(job(true).executeAsync("removed-in-flight"));

        InvalidJobException refused = assertThrows(InvalidJobException.class,
            () -> job(false).setRestore("latest").executeAsync("removed-in-flight"));
        assertTrue(refused.getMessage().contains("records in flight to 'slow' input 0")
            && refused.getMessage().contains("setAllowNonRestoredState(true)"), refused.getMessage());

        JobClient second = job(false).setRestore("latest").setAllowNonRestoredState(true).executeAsync("removed-in-flight");
        try {
            assertEquals(JobStatus.FINISHED, second.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(second);
        }
        long committed = ChronicleLogReader.readCommitted(dir.resolve("log"), Codecs.LONG).stream().distinct().count();
        assertTrue(committed < EVENTS, "what was in flight to the removed operator is dropped, as allowed: " + committed);
    }

    private StreamEnvironment environment() {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(64).enableCheckpointing(10);
        CheckpointConfig config = env.getCheckpointConfig();
        config.enableUnalignedCheckpoints();
        config.setExternalizedCheckpointCleanup(CheckpointConfig.ExternalizedCheckpointCleanup.RETAIN_ON_CANCELLATION);
        config.storage().checkpointsDir(dir.resolve("checkpoints"));
        return env;
    }

    /** {@code withSlowMap}: a stateless map behind a rebalance, whose input ring fills. */
    private StreamEnvironment job(boolean withSlowMap) {
        StreamEnvironment env = environment();
        DataStream<Long> numbers = env.fromSource(GeneratorSource.bounded(EVENTS, n -> n), WatermarkStrategy.noWatermarks(),
            "numbers").uid("numbers");
        DataStream<Long> out = withSlowMap
            ? numbers.rebalance().map(new ChainChangingRescaleTest.Slow()).uid("slow")
            : numbers;
        out.sinkTo(ChronicleLogSink.exactlyOnce(dir.resolve("log"), Codecs.LONG)).uid("log");
        return env;
    }

    /**
     * Read with another record type they decoded wrong without a word (a trial: every replayed
     * record with its fields swapped) or failed naming nothing.
     */
    @Test
    void shouldRefuseRecordsInFlightWrittenInAnotherType() throws Exception {
        runUntilInFlightCheckpoint(typedJob(false).executeAsync("retyped-in-flight"));
        InvalidJobException refused = assertThrows(InvalidJobException.class,
            () -> typedJob(true).setRestore("latest").executeAsync("retyped-in-flight"));
        assertTrue(refused.getMessage().contains("in flight to 'slow' input 0 written as record")
            && refused.getMessage().contains(IdThenKey.class.getName()) && refused.getMessage().contains(KeyThenId.class.getName())
            && refused.getMessage().contains("take a savepoint"), refused.getMessage());
        JobClient same = typedJob(false).setRestore("latest").executeAsync("retyped-in-flight");
        try {
            assertEquals(JobStatus.FINISHED, same.await(Jobs.TIMEOUT).status(), "the same type restores");
        } finally {
            Jobs.stop(same);
        }
    }

    record IdThenKey(long id, long key) {
    }

    record KeyThenId(long key, long id) {
    }

    private static void runUntilInFlightCheckpoint(JobClient first) throws Exception {
        try {
            Eventually.await("a checkpoint holding in-flight records", () -> first.checkpointStats().stream()
                .anyMatch(s -> s.status() == CheckpointStatus.COMPLETED && s.persistedInFlightBytes() > 0)
                || first.status() != JobStatus.RUNNING, first::checkpointStats);
            assertEquals(JobStatus.RUNNING, first.status(), () -> "still running: " + first.failureCause());
        } finally {
            first.cancel().get(30, TimeUnit.SECONDS);
        }
    }

    /** Records of one of two types with the same components in another order, slowly read behind a rebalance. */
    private StreamEnvironment typedJob(boolean keyFirst) {
        StreamEnvironment env = environment();
        DataStream<Long> numbers = env.fromSource(GeneratorSource.bounded(EVENTS, n -> n), WatermarkStrategy.noWatermarks(),
            "numbers").uid("numbers");
        DataStream<Long> ids = keyFirst
            ? numbers.map(n -> new KeyThenId(n % 8, n)).uid("typed").rebalance()
                .map(r -> { ChainChangingRescaleTest.Slow.spin(); return r.id(); }).uid("slow")
            : numbers.map(n -> new IdThenKey(n, n % 8)).uid("typed").rebalance()
                .map(r -> { ChainChangingRescaleTest.Slow.spin(); return r.id(); }).uid("slow");
        ids.sinkTo(ChronicleLogSink.exactlyOnce(dir.resolve("typed-log"), Codecs.LONG)).uid("log");
        return env;
    }
}
