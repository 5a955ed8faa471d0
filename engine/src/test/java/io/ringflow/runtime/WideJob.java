package io.ringflow.runtime;

import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.AggregateFunction;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.KeyedProcessFunction;
import io.ringflow.api.state.AggregatingState;
import io.ringflow.api.state.AggregatingStateDescriptor;
import io.ringflow.api.state.CheckpointListener;
import io.ringflow.api.state.MapState;
import io.ringflow.api.state.MapStateDescriptor;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.DiscardingSink;
import io.ringflow.connector.GeneratorSource;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A job with many keys, so that a checkpoint interval changes only some of them: what
 * incremental checkpoints write as change links. Record {@code n} is number {@code n / KEYS} of
 * key {@code n % KEYS}. Per key the checker keeps three states and checks each against the
 * sequence before it changes them: a value (the last number), a map whose values it increments in
 * place (a mutable value), a value it sets on even numbers and clears on odd ones (removals), and
 * an aggregating state summing the numbers into a {@code long[]} accumulator added to in place.
 * A restore that lost or repeated a change shows as a gap, a duplicate or a mismatch, counted.
 *
 * <pre>
 *  numbers (2) --keyBy--> checker (p) --> discard
 * </pre>
 */
final class WideJob {
    /** A multiple of the source parallelism: each key comes from one source subtask, in order. */
    static final int KEYS = 6_000;
    static final AtomicLong PROCESSED = new AtomicLong();
    static final AtomicLong GAPS = new AtomicLong();
    static final AtomicLong DUPLICATES = new AtomicLong();
    static final AtomicLong MISMATCHES = new AtomicLong();
    static final AtomicLong COMPLETED_CHECKPOINTS = new AtomicLong();
    static final AtomicBoolean FAILED = new AtomicBoolean();
    static final Map<Long, Long> LAST = new ConcurrentHashMap<>();
    /** Processed records (all subtasks) from which one failure is thrown, once 3 checkpoints completed. */
    static volatile long failAt = Long.MAX_VALUE;

    private WideJob() {
    }

    static void reset() {
        PROCESSED.set(0);
        GAPS.set(0);
        DUPLICATES.set(0);
        MISMATCHES.set(0);
        COMPLETED_CHECKPOINTS.set(0);
        FAILED.set(false);
        LAST.clear();
        failAt = Long.MAX_VALUE;
    }

    static void build(StreamEnvironment env, long events, double eventsPerSecond, int parallelism) {
        env.fromSource(GeneratorSource.bounded(events, n -> n).withRate(eventsPerSecond),
                WatermarkStrategy.noWatermarks(), "numbers").uid("numbers").setParallelism(2)
            .keyBy(n -> n % KEYS)
            .process(new Checker()).uid("checker").setParallelism(parallelism)
            .sinkTo(DiscardingSink.create()).uid("discard").setParallelism(parallelism);
    }

    /** No gap, no duplicate, no state that disagrees with its key's sequence, every key at its last number. */
    static void assertExact(long events) {
        assertEquals(0, GAPS.get(), "gaps");
        assertEquals(0, DUPLICATES.get(), "duplicates");
        assertEquals(0, MISMATCHES.get(), "states that disagree with their key's sequence");
        for (long key = 0; key < KEYS; key++) {
            assertEquals(events / KEYS - 1, LAST.get(key), "last number of key " + key);
        }
    }

    static final class Checker extends KeyedProcessFunction<Long, Long, Long> implements CheckpointListener {
        private static final long serialVersionUID = 1L;
        private transient ValueState<Long> last;
        private transient MapState<Long, Long> counts;
        private transient ValueState<Long> even;
        private transient AggregatingState<Long, Long> sum;

        @Override
        public void open() {
            last = getRuntimeContext().getState(new ValueStateDescriptor<>("last", Codecs.LONG));
            counts = getRuntimeContext().getMapState(new MapStateDescriptor<>("counts", Codecs.LONG, Codecs.LONG));
            even = getRuntimeContext().getState(new ValueStateDescriptor<>("even", Codecs.LONG));
            sum = getRuntimeContext().getAggregatingState(new AggregatingStateDescriptor<>("sum", new SumInPlace(), Codecs.LONG_ARRAY));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) throws Exception {
            long seq = value / KEYS;
            Long previous = last.value();
            long expected = previous == null ? 0 : previous + 1;
            if (seq < expected) {
                DUPLICATES.incrementAndGet();
                return;
            }
            if (seq > expected) {
                GAPS.incrementAndGet();
            }
            long counted = 0;
            for (long c : counts.values()) {
                counted += c;
            }
            boolean evenSet = even.value() != null;
            Long summed = sum.get();
            if (counted != seq || (summed == null ? 0 : summed) != seq * (seq - 1) / 2 || (seq > 0 && evenSet != ((seq - 1) % 2 == 0)) || (seq == 0 && evenSet)) {
                MISMATCHES.incrementAndGet();
            }
            last.update(seq);
            Long c = counts.get(seq % 3);
            counts.put(seq % 3, c == null ? 1 : c + 1);
            if (seq % 2 == 0) {
                even.update(seq);
            } else {
                even.clear();
            }
            sum.add(seq);
            LAST.put(ctx.getCurrentKey(), seq);
            long processed = PROCESSED.incrementAndGet();
            if (processed >= failAt && COMPLETED_CHECKPOINTS.get() >= 3 && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure at record " + processed);
            }
            out.collect(value);
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            COMPLETED_CHECKPOINTS.incrementAndGet();
        }
    }

    /** A sum kept in a one-element array changed in place: a snapshot must still see the value it pinned. */
    static final class SumInPlace implements AggregateFunction<Long, long[], Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public long[] createAccumulator() {
            return new long[1];
        }

        @Override
        public long[] add(Long value, long[] accumulator) {
            accumulator[0] += value;
            return accumulator;
        }

        @Override
        public Long getResult(long[] accumulator) {
            return accumulator[0];
        }

        @Override
        public long[] merge(long[] a, long[] b) {
            return new long[] {a[0] + b[0]};
        }
    }
}
