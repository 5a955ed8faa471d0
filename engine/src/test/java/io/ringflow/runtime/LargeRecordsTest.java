package io.ringflow.runtime;

import io.ringflow.api.CheckpointStats;
import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.api.RestartStrategy;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.KeyedProcessFunction;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.barrier.BarrierMode;
import io.ringflow.connector.DiscardingSink;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.runtime.SequenceJob.FailurePoint;
import io.ringflow.testing.Jobs;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Records of one slot, just over one, many slots, a whole ring of 64 slots of 128 bytes, and the
 * maximum (three rings' worth, crossing by reference) cross keyBy rings at parallelism 2 under
 * backpressure, with a failure injected after a checkpoint completed (unaligned: one with large
 * records in flight): every key's numbers arrive in order, each once, with its padding intact.
 *
 * <pre>
 *  padded (2) ══keyBy══► unpad: check the padding (2) ══keyBy══► sequence checker, parks (2) → counter → discard
 * </pre>
 */
class LargeRecordsTest {
    static final long EVENTS = 9_000;
    static final int WHOLE_RING = 64 * (128 - 16);
    static final int MAX_RECORD = 3 * WHOLE_RING;
    static final int OVERHEAD = encodedLength(new Padded(0, new byte[0]));
    static final Map<Integer, AtomicLong> SEEN_BY_SLOTS = new ConcurrentHashMap<>();
    static final AtomicLong BAD_PADDING = new AtomicLong();

    /** A sequence number and padding whose bytes derive from it. */
    public record Padded(long n, byte[] pad) {
        static Padded of(long n) {
            byte[] pad = new byte[padLength(n)];
            for (int i = 0; i < pad.length; i++) {
                pad[i] = (byte) (n + 7 * i);
            }
            return new Padded(n, pad);
        }
    }

    static int padLength(long n) {
        if (n % 50 == 49) {
            return MAX_RECORD - OVERHEAD;                // the maximum: three rings' worth, by reference
        }
        if (n % 50 == 24) {
            return WHOLE_RING - OVERHEAD;                // all 64 slots of the ring
        }
        return switch ((int) (n % 4)) {
            case 0 -> 8;                                 // one slot
            case 1 -> 113 - OVERHEAD;                    // one byte over one slot
            case 2 -> 1_000;                             // 10 slots
            default -> 3_000;                            // 27 slots
        };
    }

    static int encodedLength(Padded record) {
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(MAX_RECORD * 2);
        return Codecs.forClass(Padded.class).encode(record, buffer, 0, buffer.capacity());
    }

    @BeforeEach
    void reset() {
        SequenceJob.reset();
        SEEN_BY_SLOTS.clear();
        BAD_PADDING.set(0);
    }

    @ParameterizedTest
    @EnumSource(value = BarrierMode.class, names = {"ALIGNED", "UNALIGNED"})
    void shouldCountEveryLargeRecordOnceThroughAFailover(BarrierMode mode, @TempDir Path dir) {
        assertEquals(MAX_RECORD, encodedLength(Padded.of(49)), "the largest record is the maximum exactly");
        SequenceJob.failurePoint = FailurePoint.PROCESS; // armed below, once a checkpoint worth restoring completed
        SequenceJob.parkEvery = 5; // a slow tail: the rings before it fill up, records wait in flight at barriers
        StreamEnvironment env = SequenceJob.environment(mode, 50, dir)
            .configure(Map.of("ringflow.channel.max-record-size", Integer.toString(MAX_RECORD)))
            .setParallelism(2)
            .setRestartStrategy(RestartStrategy.fixedDelay(3, Duration.ZERO));
        env.fromSource(GeneratorSource.bounded(EVENTS, Padded::of), WatermarkStrategy.noWatermarks(), "padded")
            .uid("padded")
            .keyBy(p -> p.n() % SequenceJob.KEYS)
            .process(new Unpad()).uid("unpad")
            .keyBy(n -> n % SequenceJob.KEYS)
            .process(new SequenceJob.Checker(false)).uid("checker")
            .map(new SequenceJob.Counter()).uid("counter")
            .sinkTo(DiscardingSink.create()).uid("discard");

        JobClient job = env.executeAsync("large-records-" + mode);
        try {
            armFailureAfterACheckpointWithLargeRecordsInFlight(job, mode);
            assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(job);
        }

        assertEquals(1, job.restarts(), "the injected failure, then a restore");
        assertTrue(SequenceJob.FAILED.get());
        assertEquals(0, SequenceJob.DUPLICATES.get());
        assertEquals(0, BAD_PADDING.get(), "every record's padding arrived intact");
        SequenceJob.assertExactResults(EVENTS);
        for (int slots : new int[] {1, 2, 10, 27, 64, 192}) {
            assertTrue(SEEN_BY_SLOTS.containsKey(slots), "records of " + slots + " slots: " + SEEN_BY_SLOTS.keySet());
        }
        if (mode == BarrierMode.UNALIGNED) {
            long restored = job.lastRestoredCheckpointId().orElseThrow(() -> new AssertionError("no restore"));
            CheckpointStats stats = job.checkpointStats().stream().filter(s -> s.id() == restored).findFirst().orElseThrow();
            assertTrue(stats.persistedInFlightBytes() > 4 * 64 * 16, "in-flight bytes " + stats.persistedInFlightBytes());
            assertTrue(job.replayedInFlightRecords() > 0, "the in-flight records were re-injected");
        }
    }

    /**
     * The failure fires at the checker's next record once the newest completed checkpoint is one
     * to restore from: unaligned, one whose in-flight data holds more than the rings of longs can
     * (4 x 64 records of 16 bytes), so large records were captured. Checkpoints come 50 ms apart.
     */
    private static void armFailureAfterACheckpointWithLargeRecordsInFlight(JobClient job, BarrierMode mode) {
        long deadline = System.nanoTime() + Jobs.TIMEOUT.toNanos();
        while (SequenceJob.failAt == Long.MAX_VALUE && !job.status().isTerminal() && System.nanoTime() < deadline) {
            job.checkpointStats().stream()
                .filter(s -> s.status() == CheckpointStatus.COMPLETED)
                .max(java.util.Comparator.comparingLong(CheckpointStats::id))
                .filter(s -> mode != BarrierMode.UNALIGNED || s.persistedInFlightBytes() > 4 * 64 * 16)
                .ifPresent(s -> SequenceJob.failAt = 0);
            LockSupport.parkNanos(200_000);
        }
    }

    /** Checks the padding and passes the number on. */
    static final class Unpad extends KeyedProcessFunction<Long, Padded, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processElement(Padded value, Context ctx, Collector<Long> out) {
            Padded expected = Padded.of(value.n());
            if (!java.util.Arrays.equals(expected.pad(), value.pad())) {
                BAD_PADDING.incrementAndGet();
            }
            int slots = (encodedLength(value) + 111) / 112;
            SEEN_BY_SLOTS.computeIfAbsent(slots, s -> new AtomicLong()).incrementAndGet();
            out.collect(value.n());
        }
    }
}
