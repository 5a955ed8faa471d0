package io.ringflow.bench.harness;

import io.ringflow.api.functions.KeySelector;
import io.ringflow.api.functions.KeyedProcessFunction;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.MapFunction;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.api.codec.Codecs;

/**
 * The user functions of the common pipeline, as named classes so their record types are plain
 * to see (and to the engine's type extraction).
 */
final class Operators {
    private Operators() {
    }

    /** {@code (key, value, created) -> (key, value * 2, created)}, a new record per event. */
    static final class DoubleValue implements MapFunction<Event, Event> {
        private static final long serialVersionUID = 1L;

        @Override
        public Event map(Event event) {
            return new Event(event.key(), event.value() * 2, event.createdNanos());
        }
    }

    /** keyBy(key): the engine hashes the boxed long into its key group. */
    static final class ByKey implements KeySelector<Event, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public Long getKey(Event event) {
            return event.key();
        }
    }

    /**
     * Per key a {@code long[2] = {count, sum}}: read (absent = {0, 0}), add, write back, emit
     * {@code (key, count, sum, createdNanos)}.
     */
    static class CountAndSum extends KeyedProcessFunction<Long, Event, KeyedCount> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<long[]> countAndSum;

        @Override
        public void open() {
            countAndSum = getRuntimeContext().getState(new ValueStateDescriptor<>("count-sum", Codecs.LONG_ARRAY));
        }

        @Override
        public void processElement(Event event, Context ctx, Collector<KeyedCount> out) {
            long[] state = countAndSum.value();
            if (state == null) {
                state = new long[2];
            }
            state[0] += 1;
            state[1] += event.value();
            countAndSum.update(state);
            out.collect(new KeyedCount(event.key(), state[0], state[1], event.createdNanos()));
        }
    }

    /** As {@link CountAndSum}, for {@link PaddedCountAndSum}. */
    static KeyedCount add(ValueState<long[]> countAndSum, long key, long value, long createdNanos) {
        long[] state = countAndSum.value();
        if (state == null) {
            state = new long[2];
        }
        state[0] += 1;
        state[1] += value;
        countAndSum.update(state);
        return new KeyedCount(key, state[0], state[1], createdNanos);
    }

    /** An event padded with bytes, for records larger than a slot ({@code --record-bytes}). */
    public record PaddedEvent(long key, long value, long createdNanos, byte[] pad) {
    }

    /** Event -> PaddedEvent of {@code recordBytes} encoded bytes; the padding is one shared array. */
    static final class Pad implements MapFunction<Event, PaddedEvent> {
        private static final long serialVersionUID = 1L;
        private final byte[] pad;

        Pad(int recordBytes) {
            int overhead = Codecs.forClass(PaddedEvent.class)
                .encode(new PaddedEvent(0, 0, 0, new byte[0]), new org.agrona.ExpandableArrayBuffer(64), 0, 64);
            this.pad = new byte[Math.max(0, recordBytes - overhead)];
        }

        @Override
        public PaddedEvent map(Event event) {
            return new PaddedEvent(event.key(), event.value(), event.createdNanos(), pad);
        }
    }

    static final class ByPaddedKey implements KeySelector<PaddedEvent, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public Long getKey(PaddedEvent event) {
            return event.key();
        }
    }

    /** {@link CountAndSum} of padded events. */
    static final class PaddedCountAndSum extends KeyedProcessFunction<Long, PaddedEvent, KeyedCount> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<long[]> countAndSum;

        @Override
        public void open() {
            countAndSum = getRuntimeContext().getState(new ValueStateDescriptor<>("count-sum", Codecs.LONG_ARRAY));
        }

        @Override
        public void processElement(PaddedEvent event, Context ctx, Collector<KeyedCount> out) {
            out.collect(add(countAndSum, event.key(), event.value(), event.createdNanos()));
        }
    }
}
