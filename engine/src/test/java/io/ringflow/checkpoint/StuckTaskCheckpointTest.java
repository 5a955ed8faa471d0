package io.ringflow.checkpoint;

import io.ringflow.api.CheckpointStats;
import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.CheckpointingMode;
import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.api.RestartStrategy;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.connector.Sink;
import io.ringflow.api.connector.SinkContext;
import io.ringflow.api.connector.SinkWriter;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.storage.StorageOptions;
import io.ringflow.testing.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One subtask stuck in user code for seconds while checkpoints every 10 ms expire after 10 ms,
 * with failures tolerated: as in Flink, the job must ride it out (no failover, no failure),
 * checkpoint again once the subtask moves on, and deliver every record once. Every expiry posts
 * an abort to the stuck task (and a trigger, when it is a source), which it reads only later.
 */
class StuckTaskCheckpointTest {
    private static final int RECORDS = 40_000;
    // A source stuck 6 s collects over 1,024 control actions (the mailbox's bound once); a map
    // stuck 2.5 s is sent about 240 barriers (the marker queue's bound was 64).
    private static final long SOURCE_STALL_MS = 6_000;
    private static final long MAP_STALL_MS = 2_500;
    private static final Map<Long, Integer> SEEN = new ConcurrentHashMap<>();
    private static final AtomicBoolean STALLED = new AtomicBoolean();

    @AfterEach
    void forget() {
        SEEN.clear();
        STALLED.set(false);
    }

    @ParameterizedTest(name = "{0} stuck, {1}")
    @CsvSource({
        "source, aligned", "source, unaligned", "source, at-least-once",
        "map, aligned", "map, unaligned", "map, at-least-once"})
    void shouldRideOutATaskStuckForManyCheckpointTimeouts(String stuck, String mode) throws Exception {
        Path dir = Files.createTempDirectory("stuck-task");
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(1024)
            .setRestartStrategy(RestartStrategy.noRestart()); // a failover fails the test
        env.enableCheckpointing(10, mode.equals("at-least-once") ? CheckpointingMode.AT_LEAST_ONCE : CheckpointingMode.EXACTLY_ONCE);
        if (mode.equals("unaligned")) {
            env.getCheckpointConfig().enableUnalignedCheckpoints();
        }
        env.getCheckpointConfig().setCheckpointTimeout(10).setTolerableCheckpointFailureNumber(Integer.MAX_VALUE);
        env.getCheckpointConfig().storage().checkpointsDir(dir).durability(StorageOptions.Durability.PAGE_CACHE);
        boolean stuckSource = stuck.equals("source");
        env.fromSource(GeneratorSource.bounded(RECORDS, seq -> {
                if (stuckSource) {
                    stallOnceAt(seq, SOURCE_STALL_MS);
                }
                return seq;
            }), WatermarkStrategy.noWatermarks(), "numbers")
            .keyBy(n -> n % 100)
            .map(n -> {
                if (!stuckSource) {
                    stallOnceAt(n, MAP_STALL_MS);
                }
                return n;
            })
            .sinkTo(new CountingSink());

        JobClient job = env.executeAsync("stuck-" + stuck + "-" + mode);
        try {
            job.await(Duration.ofSeconds(90)); // throws the job's failure
        } finally {
            job.cancel().join();
        }

        assertEquals(JobStatus.FINISHED, job.status());
        assertTrue(STALLED.get(), "a subtask stalled");
        long expired = job.checkpointStats().stream().filter(s -> s.status() == CheckpointStatus.EXPIRED).count();
        assertTrue(expired > 64, "checkpoints expired while the subtask was stuck: " + expired);
        long completedAfter = job.checkpointStats().stream()
            .filter(s -> s.status() == CheckpointStatus.COMPLETED && s.id() > lastExpired(job)).count();
        assertTrue(completedAfter > 0, "a checkpoint completed after the last expiry");
        assertEquals(RECORDS, SEEN.size(), "every record reached the sink");
        SEEN.forEach((value, times) -> assertEquals(1, times, "record " + value + " reached the sink once"));
    }

    /**
     * A stop-with-savepoint that expires while the source is stuck fails for its caller, and the
     * job goes on: the source, reading the trigger later, must not stop (it would end a bounded
     * job early, its remaining records never read).
     */
    @Test
    void shouldNotStopASourceForAStopWithSavepointThatExpiredBeforeItReadTheTrigger() throws Exception {
        Path dir = Files.createTempDirectory("stuck-savepoint");
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(1024)
            .setRestartStrategy(RestartStrategy.noRestart());
        env.enableCheckpointing(3_600_000, CheckpointingMode.EXACTLY_ONCE); // no periodic checkpoint in the way
        env.getCheckpointConfig().setCheckpointTimeout(10);
        env.getCheckpointConfig().storage().checkpointsDir(dir).durability(StorageOptions.Durability.PAGE_CACHE);
        env.fromSource(GeneratorSource.bounded(RECORDS, seq -> {
                stallOnceAt(seq, MAP_STALL_MS);
                return seq;
            }), WatermarkStrategy.noWatermarks(), "numbers")
            .keyBy(n -> n % 100)
            .sinkTo(new CountingSink());

        JobClient job = env.executeAsync("stuck-savepoint");
        try {
            Eventually.await("a source is stuck", STALLED::get);
            CompletableFuture<Path> savepoint = job.stopWithSavepoint(dir.resolve("savepoint"));
            ExecutionException failed = assertThrows(ExecutionException.class, () -> savepoint.get(30, TimeUnit.SECONDS));
            assertTrue(failed.getCause().getMessage().contains("expired"), failed.getCause().toString());
            job.await(Duration.ofSeconds(60));
        } finally {
            job.cancel().join();
        }

        assertEquals(JobStatus.FINISHED, job.status());
        assertEquals(RECORDS, SEEN.size(), "the sources were not stopped: every record reached the sink");
        SEEN.forEach((value, times) -> assertEquals(1, times, "record " + value + " reached the sink once"));
    }

    private static void stallOnceAt(long seq, long stallMs) {
        if (seq == RECORDS / 4 && STALLED.compareAndSet(false, true)) {
            try {
                Thread.sleep(stallMs); // user code blocked, e.g. on a slow external system
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static long lastExpired(JobClient job) {
        return job.checkpointStats().stream().filter(s -> s.status() == CheckpointStatus.EXPIRED)
            .mapToLong(CheckpointStats::id).max().orElse(Long.MAX_VALUE);
    }

    private static final class CountingSink implements Sink<Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public SinkWriter<Long> createWriter(SinkContext context) {
            return (element, timestamp) -> SEEN.merge(element, 1, Integer::sum);
        }
    }
}
