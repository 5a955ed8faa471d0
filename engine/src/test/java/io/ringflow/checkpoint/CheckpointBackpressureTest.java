package io.ringflow.checkpoint;

import io.ringflow.barrier.BarrierMode;
import io.ringflow.api.CheckpointStats;
import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.JobClient;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.state.KeyGroups;
import io.ringflow.storage.CheckpointStorage;
import io.ringflow.storage.CompletedCheckpoint;
import io.ringflow.storage.layout.CheckpointLayout;
import io.ringflow.storage.metadata.ChannelDescriptor;
import io.ringflow.testing.ManualClock;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.ringflow.checkpoint.CheckpointTestJobs.completed;
import static io.ringflow.checkpoint.CheckpointTestJobs.driveUntil;
import static io.ringflow.checkpoint.CheckpointTestJobs.environment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two parallel sources, keyBy, two subtasks of a slow sink: each sink task has two input rings of
 * 16 slots, kept full by the sources. Checkpoints go to a filesystem storage, so the in-flight
 * records an unaligned checkpoint persisted can be read back and decoded.
 */
class CheckpointBackpressureTest {
    private static final int KEYS = 64;
    private static final int MAX_PARALLELISM = 128;

    @ParameterizedTest
    @EnumSource(BarrierMode.class)
    void shouldCompleteCheckpointsUnderBackpressurePersistingInFlightRecordsOnlyWhenUnaligned(BarrierMode mode,
                                                                                           @TempDir Path dir)
        throws Exception {
        ManualClock clock = new ManualClock(0);
        StreamEnvironment env = environment(mode, clock);
        env.getCheckpointConfig().storage().checkpointsDir(dir).numRetained(100);
        CheckpointTestJobs.SlowSink sink = new CheckpointTestJobs.SlowSink(50_000);
        env.fromSource(GeneratorSource.bounded(10_000_000, seq -> seq), WatermarkStrategy.noWatermarks(), "numbers")
            .uid("numbers")
            .keyBy(n -> n % KEYS)
            .sinkTo(sink).uid("slow-sink");
        String jobName = "backpressure-" + mode;

        JobClient job = env.executeAsync(jobName);
        List<CheckpointStats> stats;
        try {
            stats = driveUntil(job, clock, mode == BarrierMode.UNALIGNED
                    ? completed(3).and(s -> s.stream().anyMatch(c -> c.persistedInFlightBytes() > 0))
                    : completed(3),
                "3 completed checkpoints" + (mode == BarrierMode.UNALIGNED ? ", one with in-flight records" : ""));
        } finally {
            job.cancel().join();
        }

        List<CheckpointStats> done = stats.stream().filter(s -> s.status() == CheckpointStatus.COMPLETED).toList();
        CheckpointStorage storage = CheckpointStorage.create(env.getCheckpointConfig().storageOptions());
        assertEquals(done.stream().map(CheckpointStats::id).toList(), storage.completedCheckpointIds(jobName));
        for (CheckpointStats checkpoint : done) {
            CompletedCheckpoint files = storage.open(CheckpointLayout.checkpointDir(
                CheckpointLayout.jobDir(dir, jobName), checkpoint.id()));
            long persisted = 0;
            for (int upstream = 0; upstream < 2; upstream++) {
                for (int downstream = 0; downstream < 2; downstream++) {
                    List<Long> records = inFlight(files, upstream, downstream);
                    persisted += 16L * records.size();
                    assertTrue(records.size() <= 16, "no more in flight than a ring holds: " + records.size());
                    for (int i = 0; i < records.size(); i++) {
                        long value = records.get(i);
                        assertEquals(upstream, value % 2, "record " + value + " comes from source subtask " + upstream);
                        assertEquals(downstream, KeyGroups.subtaskForKeyGroup(MAX_PARALLELISM, 2,
                            KeyGroups.assignToKeyGroup(value % KEYS, MAX_PARALLELISM)), "record " + value + " is keyed to sink " + downstream);
                        assertTrue(i == 0 || records.get(i - 1) < value, "in-flight records keep ring order");
                    }
                }
            }
            assertEquals(checkpoint.persistedInFlightBytes(), persisted,
                "checkpoint " + checkpoint.id() + ": what the statistics report is what was written");
            if (mode == BarrierMode.ALIGNED || mode == BarrierMode.AT_LEAST_ONCE) {
                assertEquals(0, persisted, mode + " persists no in-flight records");
                assertFalse(checkpoint.unaligned());
            }
            if (persisted > 0) {
                assertTrue(checkpoint.unaligned(), "only an unaligned checkpoint has in-flight records");
            }
        }
        if (mode == BarrierMode.UNALIGNED) {
            assertTrue(done.stream().allMatch(CheckpointStats::unaligned));
            assertTrue(done.stream().anyMatch(s -> s.persistedInFlightBytes() > 0),
                "barriers overtook the records of the full rings: " + done);
        }
        assertTrue(sink.written() > 0);
    }

    /** The records of ring {@code numbers[upstream] -> slow-sink[downstream]} persisted in a checkpoint, decoded. */
    private static List<Long> inFlight(CompletedCheckpoint checkpoint, int upstream, int downstream) {
        List<Long> records = new ArrayList<>();
        checkpoint.readInFlight(new ChannelDescriptor("numbers", upstream, "slow-sink", downstream, 0),
            (buffer, offset, length) -> {
                assertEquals(16, length, "an 8-byte timestamp and a long");
                records.add(Codecs.LONG.decode(buffer, offset + 8, length - 8));
            });
        return records;
    }
}
