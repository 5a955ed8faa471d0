package io.ringflow.task;

import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.connector.Sink;
import io.ringflow.api.connector.SinkContext;
import io.ringflow.api.connector.SinkWriter;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.FlatMapFunction;
import io.ringflow.api.functions.MapFunction;
import io.ringflow.api.functions.RichFunction;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.testing.Eventually;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sink slower than its sources, behind small rings: every record arrives exactly once, the
 * records of each (source subtask, sink subtask) pair arrive in the order they were emitted,
 * and no more records are in flight than the rings hold.
 */
class BackpressureTest {
    private static final int RING_SIZE = 16;
    private static final AtomicLong EMITTED = new AtomicLong();
    private static final AtomicLong WRITTEN = new AtomicLong();
    private static final AtomicLong MAX_IN_FLIGHT = new AtomicLong();

    /** A record that knows where and when it was made. */
    record Tagged(int source, long seq, long value) {
    }

    @BeforeEach
    void reset() {
        EMITTED.set(0);
        WRITTEN.set(0);
        MAX_IN_FLIGHT.set(0);
    }

    /** Tags each number with its source subtask and that subtask's emission sequence. */
    static final class Tag extends RichFunction implements MapFunction<Long, Tagged> {
        private static final long serialVersionUID = 1L;
        private long seq;

        @Override
        public Tagged map(Long value) {
            EMITTED.incrementAndGet();
            return new Tagged(getRuntimeContext().getIndexOfThisSubtask(), seq++, value);
        }
    }

    /** Emits three tagged records per number, so one input record needs more room than one slot. */
    static final class Triple extends RichFunction implements FlatMapFunction<Long, Tagged> {
        private static final long serialVersionUID = 1L;
        private long seq;

        @Override
        public void flatMap(Long value, Collector<Tagged> out) {
            for (int i = 0; i < 3; i++) {
                EMITTED.incrementAndGet();
                out.collect(new Tagged(getRuntimeContext().getIndexOfThisSubtask(), seq++, value));
            }
        }
    }

    /** Keeps what each subtask received, in order; waits in every write as the test says. */
    static final class SlowSink implements Sink<Tagged> {
        private static final long serialVersionUID = 1L;
        final transient List<List<Tagged>> received = new CopyOnWriteArrayList<>();
        private final transient long spinNanos;
        private final transient Semaphore permits;

        SlowSink(long spinNanos, Semaphore permits) {
            this.spinNanos = spinNanos;
            this.permits = permits;
        }

        @Override
        public SinkWriter<Tagged> createWriter(SinkContext context) {
            List<Tagged> mine = new CopyOnWriteArrayList<>();
            received.add(mine);
            return (element, timestamp) -> {
                if (permits != null) {
                    permits.acquire();
                }
                long until = System.nanoTime() + spinNanos;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                MAX_IN_FLIGHT.accumulateAndGet(EMITTED.get() - WRITTEN.getAndIncrement(), Math::max);
                mine.add(element);
            };
        }
    }

    /** Every record once, and per (source, sink subtask) pair in emission order. */
    private static void assertCompleteAndInOrder(List<List<Tagged>> received, int sources, long perSource) {
        Map<Integer, Set<Long>> seen = new HashMap<>();
        for (List<Tagged> subtask : received) {
            Map<Integer, Long> last = new HashMap<>();
            for (Tagged record : subtask) {
                long previous = last.getOrDefault(record.source(), -1L);
                assertTrue(record.seq() > previous, "out of order from source " + record.source() + ": " + record
                    + " after seq " + previous);
                last.put(record.source(), record.seq());
                assertTrue(seen.computeIfAbsent(record.source(), s -> new HashSet<>()).add(record.seq()),
                    "duplicate " + record);
            }
        }
        assertEquals(sources, seen.size());
        seen.forEach((source, seqs) -> assertEquals(perSource, seqs.size(), "records from source " + source));
    }

    @ParameterizedTest(name = "watermark after every record: {0}")
    @ValueSource(booleans = {false, true})
    void shouldDeliverEveryRecordOnceAndInOrderBehindASlowSink(boolean watermarks) {
        long count = 4_000;
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(RING_SIZE)
            .setAutoWatermarkInterval(Duration.ZERO);
        WatermarkStrategy<Long> strategy = watermarks
            ? WatermarkStrategy.<Long>forMonotonousTimestamps().withTimestampAssigner((n, ts) -> n)
            : WatermarkStrategy.noWatermarks();
        SlowSink sink = new SlowSink(20_000, null);
        env.fromSource(GeneratorSource.bounded(count, n -> n), strategy, "numbers")
            .map(new Tag())
            .keyBy(tagged -> tagged.value() % 13)
            .sinkTo(sink);

        assertEquals(JobStatus.FINISHED, Jobs.run(env, "slow-sink").status());

        assertCompleteAndInOrder(sink.received, 2, count / 2);
        Map<Long, Integer> subtaskOfKey = new HashMap<>();
        for (int subtask = 0; subtask < sink.received.size(); subtask++) {
            for (Tagged record : sink.received.get(subtask)) {
                int index = subtask;
                assertEquals(index, subtaskOfKey.computeIfAbsent(record.value() % 13, key -> index), "key in one subtask");
            }
        }
        long ringSlots = 2L * 2 * RING_SIZE;
        assertTrue(MAX_IN_FLIGHT.get() <= ringSlots + 2, "in flight at most the ring slots plus one record per "
            + "source, was " + MAX_IN_FLIGHT.get());
    }

    @Test
    void shouldResumeLosslesslyEachTimeAStalledSinkIsReleased() {
        long numbers = 300;
        Semaphore permits = new Semaphore(0);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(RING_SIZE);
        SlowSink sink = new SlowSink(0, permits);
        env.fromSource(GeneratorSource.bounded(numbers, n -> n), WatermarkStrategy.noWatermarks(), "numbers")
            .flatMap(new Triple()).returns(Codecs.forClass(Tagged.class))
            .rebalance()
            .sinkTo(sink).setParallelism(3);
        JobClient job = env.executeAsync("stalled-sink");
        try {
            long total = numbers * 3;
            for (long released = 0; released < total; ) {
                long chunk = Math.min(100, total - released);
                permits.release((int) chunk);
                released += chunk;
                long expected = released;
                Eventually.await(expected + " records written", () -> WRITTEN.get() == expected, WRITTEN::get);
                long sources = 2;
                assertTrue(EMITTED.get() - WRITTEN.get() <= sources * 3 * RING_SIZE + sources * 3,
                    "stalled: sources stop once the rings are full, emitted " + EMITTED.get() + ", written " + WRITTEN.get());
            }
            assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status());
        } finally {
            permits.release(1_000_000);
            Jobs.stop(job);
        }
        assertCompleteAndInOrder(sink.received, 2, numbers / 2 * 3);
        List<Integer> sizes = new ArrayList<>();
        sink.received.forEach(subtask -> sizes.add(subtask.size()));
        assertEquals(3, sizes.size(), "three sink subtasks: " + sizes);
        assertTrue(sizes.stream().allMatch(size -> size > 0), "rebalance reaches every sink subtask: " + sizes);
    }
}
