package io.ringflow.runtime;

import io.ringflow.api.CheckpointConfig;
import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.SuppressRestartsException;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.ChronicleLogReader;
import io.ringflow.connector.ChronicleLogSink;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.restore.Restore;
import io.ringflow.storage.layout.CheckpointLayout;
import io.ringflow.testing.Eventually;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The newest checkpoint's {@code _metadata} (or its whole directory) removed after its completion
 * committed the sink's output: {@code restore latest} takes the checkpoint before, which is not
 * corrupt but older than what the log holds. The exactly-once log sink sees a transaction open at
 * that checkpoint (or begun after it) committed, and fails the job for good instead of committing
 * that output twice; the option that accepts duplicates lets it run.
 */
class RemovedCheckpointTest {
    private static final String JOB = "removed-newest";
    private static final long EVENTS = 100_000;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} removed")
    @ValueSource(strings = {"_metadata", "directory"})
    void shouldRefuseToCommitAgainWhatALaterCheckpointCommitted(String removed) throws Exception {
        Path log = dir.resolve("log");
        JobClient first = job(EVENTS).executeAsync(JOB);
        try {
            Eventually.await("6 completed checkpoints", () -> first.checkpointStats().stream()
                .filter(s -> s.status() == CheckpointStatus.COMPLETED).count() >= 6 || first.status() != JobStatus.RUNNING);
            assertEquals(JobStatus.RUNNING, first.status(), () -> "still running: " + first.failureCause());
        } finally {
            first.cancel().get(30, TimeUnit.SECONDS);
        }
        int committedBefore = ChronicleLogReader.readCommitted(log, Codecs.LONG).size();
        assertTrue(committedBefore > 0, "the first run committed output");
        // the two newest: the newest's completion may not have reached the sink before the cancel
        for (int i = 0; i < 2; i++) {
            Path newest = newestCheckpoint();
            if (removed.equals("directory")) {
                CheckpointLayout.deleteTree(newest);
            } else {
                Files.delete(newest.resolve("_metadata"));
            }
        }

        JobClient refused = job(EVENTS).setRestore(Restore.LATEST).executeAsync(JOB);
        try {
            ExecutionException failure = assertThrows(ExecutionException.class,
                () -> refused.result().get(60, TimeUnit.SECONDS));
            assertTrue(SuppressRestartsException.isIn(failure), "failed for good, not restarted: " + failure);
            String messages = chainMessages(failure);
            assertTrue(messages.contains("older than output its exactly-once log sink already committed")
                && messages.contains("execution.recovery.allow-duplicate-output"), messages);
            assertEquals(0, refused.restarts(), "no restart: none could cure it");
        } finally {
            Jobs.stop(refused);
        }
        assertEquals(committedBefore, ChronicleLogReader.readCommitted(log, Codecs.LONG).size(), "nothing committed again");

        JobClient accepted = job(EVENTS).setRestore(Restore.LATEST).setAllowDuplicateOutput(true).executeAsync(JOB);
        try {
            assertEquals(JobStatus.FINISHED, accepted.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(accepted);
        }
        List<Long> committed = ChronicleLogReader.readCommitted(log, Codecs.LONG);
        long distinct = committed.stream().distinct().count();
        assertEquals(EVENTS, distinct, "nothing lost");
        assertTrue(committed.size() > distinct, "what the removed checkpoint committed was committed again, as allowed");
    }

    private StreamEnvironment job(long events) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(64);
        env.enableCheckpointing(20);
        CheckpointConfig config = env.getCheckpointConfig();
        config.setExternalizedCheckpointCleanup(CheckpointConfig.ExternalizedCheckpointCleanup.RETAIN_ON_CANCELLATION);
        config.storage().checkpointsDir(dir.resolve("checkpoints")).numRetained(3);
        env.fromSource(GeneratorSource.bounded(events, n -> n).withRate(20_000), WatermarkStrategy.noWatermarks(), "numbers")
            .uid("numbers")
            .keyBy(n -> n % 16)
            .map(n -> n).returns(Codecs.LONG).uid("identity")
            .sinkTo(ChronicleLogSink.exactlyOnce(dir.resolve("log"), Codecs.LONG)).uid("out");
        return env;
    }

    private Path newestCheckpoint() throws Exception {
        Path jobDir = dir.resolve("checkpoints").resolve(Restore.storageJobId(JOB));
        return CheckpointLayout.checkpointDirs(jobDir).stream().filter(CheckpointLayout::hasMetadata)
            .reduce((a, b) -> b).orElseThrow();
    }

    private static String chainMessages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }
}
