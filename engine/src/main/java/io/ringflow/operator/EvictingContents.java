package io.ringflow.operator;

import io.ringflow.api.functions.AggregateFunction;
import io.ringflow.api.window.Evictor;
import io.ringflow.api.window.TimestampedValue;
import io.ringflow.api.window.Window;

import java.util.ArrayList;
import java.util.List;

/**
 * The records of a window with their timestamps, kept whole so that an evictor can remove some
 * when it fires; the aggregate runs over what remains, as in Flink's {@code EvictingWindowOperator}.
 */
public final class EvictingContents<IN, ACC, R> implements WindowContents<IN, List<TimestampedValue<IN>>, R> {
    private static final long serialVersionUID = 1L;
    private final AggregateFunction<IN, ACC, R> aggregate;
    private final Evictor<IN, Window> evictor;

    @SuppressWarnings("unchecked")
    public EvictingContents(AggregateFunction<IN, ACC, R> aggregate, Evictor<?, ?> evictor) {
        this.aggregate = aggregate;
        this.evictor = (Evictor<IN, Window>) evictor;
    }

    @Override
    public List<TimestampedValue<IN>> add(IN value, long timestamp, List<TimestampedValue<IN>> contents) {
        List<TimestampedValue<IN>> records = contents == null ? new ArrayList<>() : contents;
        records.add(new TimestampedValue<>(value, timestamp));
        return records;
    }

    @Override
    public List<TimestampedValue<IN>> merge(List<TimestampedValue<IN>> a, List<TimestampedValue<IN>> b) {
        a.addAll(b);
        return a;
    }

    @Override
    public R result(List<TimestampedValue<IN>> contents, Window window, Evictor.EvictorContext context) throws Exception {
        evictor.evictBefore(contents, contents.size(), window, context);
        ACC accumulator = aggregate.createAccumulator();
        for (TimestampedValue<IN> record : contents) {
            accumulator = aggregate.add(record.getValue(), accumulator);
        }
        R result = aggregate.getResult(accumulator);
        evictor.evictAfter(contents, contents.size(), window, context);
        return result;
    }

    /** How a window's records are kept in state, each with its timestamp. */
    public static <T> io.ringflow.api.codec.Codec<TimestampedValue<T>> recordCodec(io.ringflow.api.codec.Codec<T> records) {
        return TimestampedValueCodec.of(records);
    }

    @Override
    public Object userFunction() {
        return aggregate;
    }
}
