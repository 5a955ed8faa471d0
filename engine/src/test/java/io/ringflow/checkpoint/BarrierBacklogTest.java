package io.ringflow.checkpoint;

import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.CheckpointingMode;
import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.connector.Sink;
import io.ringflow.api.connector.SinkContext;
import io.ringflow.api.connector.SinkWriter;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.storage.StorageOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import static io.ringflow.checkpoint.CheckpointTestJobs.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Unaligned checkpoints every millisecond while the keyed tasks' rings hold hundreds of
 * milliseconds of records: each checkpoint completes as soon as its barrier overtakes the queued
 * records, so far more barriers are placed in a ring than the task reaches in the meantime. Their
 * markers must not pile up beside the ring until the job fails.
 */
class BarrierBacklogTest {
    private static final int RECORDS = 60_000;
    private static final Map<Long, Integer> SEEN = new ConcurrentHashMap<>();

    @AfterEach
    void forget() {
        SEEN.clear();
    }

    @Test
    void shouldKeepCheckpointingEveryMillisecondWhileRingsHoldManyIntervalsOfRecords(@TempDir Path dir) throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(4096);
        env.enableCheckpointing(1, CheckpointingMode.EXACTLY_ONCE);
        env.getCheckpointConfig().enableUnalignedCheckpoints().enableIncrementalCheckpoints(true);
        env.getCheckpointConfig().storage().checkpointsDir(dir).durability(StorageOptions.Durability.PAGE_CACHE);
        env.fromSource(GeneratorSource.bounded(RECORDS, seq -> seq), WatermarkStrategy.noWatermarks(), "numbers")
            .keyBy(n -> n % 100)
            .map(n -> {
                LockSupport.parkNanos(20_000); // slower than the sources: the rings stay full
                return n;
            })
            .sinkTo(new CountingSink());

        JobClient job = env.executeAsync("barrier-backlog");
        try {
            job.await(Duration.ofSeconds(60)); // throws the job's failure
        } finally {
            job.cancel().join();
        }

        assertEquals(JobStatus.FINISHED, job.status());
        long completed = count(job.checkpointStats(), CheckpointStatus.COMPLETED);
        assertTrue(completed > 64, "more checkpoints than a channel queues markers: " + completed);
        assertEquals(RECORDS, SEEN.size(), "every record reached the sink");
        SEEN.forEach((value, times) -> assertEquals(1, times, "record " + value + " reached the sink once"));
    }

    private static final class CountingSink implements Sink<Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public SinkWriter<Long> createWriter(SinkContext context) {
            return (element, timestamp) -> SEEN.merge(element, 1, Integer::sum);
        }
    }
}
