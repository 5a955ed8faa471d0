package io.ringflow.runtime;

import io.ringflow.restore.Restore;
import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.InvalidJobException;
import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.connector.Sink;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.ChronicleLogReader;
import io.ringflow.connector.ChronicleLogSink;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.testing.Eventually;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code restore latest} skips a corrupt newest checkpoint, but when the job's sinks committed
 * that checkpoint's output, the older checkpoint would commit it again: the restore is refused,
 * naming the checkpoint, the sink and the option that accepts duplicates.
 */
class CorruptCheckpointFallbackTest {
    private static final String JOB = "corrupt-fallback";
    private static final long RESTORED_EVENTS = 100_000;
    private static final long FIRST_EVENTS = 20_000;

    @TempDir
    Path dir;

    private StreamEnvironment environment(GeneratorSource<Long> source, Sink<Long> sink) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        env.enableCheckpointing(20);
        env.getCheckpointConfig().storage().checkpointsDir(dir.resolve("checkpoints")).numRetained(3);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "numbers").uid("numbers")
            .keyBy(n -> n % 8)
            .map(n -> n).returns(Codecs.LONG).uid("identity")
            .sinkTo(sink).uid("out");
        return env;
    }

    @Test
    void shouldRefuseAFallbackThatWouldCommitTheSkippedCheckpointsOutputAgain() throws IOException {
        Path log = dir.resolve("log");
        // bounded: the job ends only once its sink committed the final checkpoint, so the newest ones' output is committed
        JobClient first = environment(GeneratorSource.bounded(FIRST_EVENTS, seq -> seq).withRate(20_000),
            ChronicleLogSink.exactlyOnce(log, Codecs.LONG)).executeAsync(JOB);
        try {
            assertEquals(JobStatus.FINISHED, first.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(first);
        }
        assertEquals(FIRST_EVENTS, ChronicleLogReader.readCommitted(log, Codecs.LONG).size());
        // the final checkpoint and the one the source's end waited for: the restore would go back to before the end
        corruptNewestCheckpoint();
        Path newest = corruptNewestCheckpoint();

        InvalidJobException refused = assertThrows(InvalidJobException.class, () -> environment(
            GeneratorSource.bounded(FIRST_EVENTS, seq -> seq), ChronicleLogSink.exactlyOnce(log, Codecs.LONG))
            .setRestore(Restore.LATEST).executeAsync(JOB));
        String message = refused.getMessage();
        assertTrue(message.contains(newest.getFileName().toString().substring("chk-".length())), message);
        assertTrue(message.contains("[out]") && message.contains("execution.recovery.allow-duplicate-output"), message);
        assertTrue(message.contains("skipping corrupt checkpoint " + newest) && message.contains("checksum"),
            "the error itself names the damaged checkpoint and why: " + message);
        assertEquals(FIRST_EVENTS, ChronicleLogReader.readCommitted(log, Codecs.LONG).size(), "nothing ran");

        // accepted on purpose: the guarantee is broken as the message says
        JobClient accepted = environment(GeneratorSource.bounded(FIRST_EVENTS, seq -> seq),
            ChronicleLogSink.exactlyOnce(log, Codecs.LONG)).setRestore(Restore.LATEST).setAllowDuplicateOutput(true)
            .executeAsync(JOB);
        try {
            assertEquals(JobStatus.FINISHED, accepted.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(accepted);
        }
        List<Long> committed = ChronicleLogReader.readCommitted(log, Codecs.LONG);
        long distinct = committed.stream().distinct().count();
        assertEquals(FIRST_EVENTS, distinct, "nothing lost");
        assertTrue(committed.size() > distinct, "the skipped checkpoints' output was committed twice, as allowed");
    }

    @Test
    void shouldFallBackAsBeforeWhenNoSinkCommitsAtCheckpoints() throws IOException {
        JobClient first = environment(GeneratorSource.unbounded(seq -> seq).withRate(20_000),
            io.ringflow.connector.DiscardingSink.create()).executeAsync(JOB);
        try {
            Eventually.await("3 completed checkpoints", () -> first.checkpointStats().stream()
                .filter(s -> s.status() == CheckpointStatus.COMPLETED).count() >= 3);
        } finally {
            Jobs.stop(first);
        }
        corruptNewestCheckpoint();
        JobClient restored = environment(GeneratorSource.bounded(RESTORED_EVENTS, seq -> seq),
            io.ringflow.connector.DiscardingSink.create()).setRestore(Restore.LATEST).executeAsync(JOB);
        try {
            assertEquals(JobStatus.FINISHED, restored.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(restored);
        }
    }

    /** Flips a byte in the middle of the newest checkpoint's _metadata, so its checksum fails. */
    private Path corruptNewestCheckpoint() throws IOException {
        Path jobDir = dir.resolve("checkpoints").resolve(Restore.storageJobId(JOB));
        Path newest;
        try (Stream<Path> checkpoints = Files.list(jobDir)) {
            newest = checkpoints.filter(chk -> Files.exists(chk.resolve("_metadata")) && !Files.exists(chk.resolve("corrupted")))
                .max(Comparator.comparingLong(chk -> Long.parseLong(chk.getFileName().toString().substring("chk-".length()))))
                .orElseThrow();
        }
        Path metadata = newest.resolve("_metadata");
        byte[] bytes = Files.readAllBytes(metadata);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(metadata, bytes);
        Files.createFile(newest.resolve("corrupted")); // a marker for this test only
        return newest;
    }
}
