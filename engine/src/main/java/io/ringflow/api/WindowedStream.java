package io.ringflow.api;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.codec.NoCodecException;
import io.ringflow.api.functions.AggregateFunction;
import io.ringflow.api.functions.WindowFunction;
import io.ringflow.api.window.WindowAssigner;
import io.ringflow.graph.Operators;
import io.ringflow.graph.TypeExtraction;

import java.time.Duration;


/**
 * A keyed stream cut into windows. Records are aggregated incrementally as they arrive; when
 * the watermark (or the clock, for processing-time windows) passes a window's end, its result
 * is emitted. Records later than the window's end plus the allowed lateness are dropped and
 * counted.
 */
public final class WindowedStream<T, K> {
    private final KeyedStream<T, K> input;
    private final WindowAssigner assigner;
    private long allowedLatenessMs;

    WindowedStream(KeyedStream<T, K> input, WindowAssigner assigner) {
        this.input = input;
        this.assigner = assigner;
    }

    /** Keeps event-time windows open this long after their end; late records update and re-fire them. */
    public WindowedStream<T, K> allowedLateness(Duration lateness) {
        if (lateness.isNegative()) {
            throw new InvalidJobException("allowed lateness must be >= 0, got " + lateness);
        }
        this.allowedLatenessMs = lateness.toMillis();
        return this;
    }

    /** Emits the aggregate's result of each window. */
    public <ACC, R> DataStream<R> aggregate(AggregateFunction<T, ACC, R> aggregate) {
        return aggregate(aggregate, accumulatorCodec(aggregate), (key, window, results, out) -> {
            for (R result : results) {
                out.collect(result);
            }
        }, TypeExtraction.typeArgument(aggregate, AggregateFunction.class, 2));
    }

    /** Emits what {@code windowFunction} makes of each window's aggregate, with its key and window. */
    public <ACC, R, OUT> DataStream<OUT> aggregate(AggregateFunction<T, ACC, R> aggregate,
                                                   WindowFunction<R, OUT, K> windowFunction) {
        return aggregate(aggregate, accumulatorCodec(aggregate), windowFunction,
            TypeExtraction.typeArgument(windowFunction, WindowFunction.class, 1));
    }

    /** As {@link #aggregate(AggregateFunction, WindowFunction)} with an explicit accumulator codec. */
    public <ACC, R, OUT> DataStream<OUT> aggregate(AggregateFunction<T, ACC, R> aggregate, Codec<ACC> accumulatorCodec,
                                                   WindowFunction<R, OUT, K> windowFunction) {
        return aggregate(aggregate, accumulatorCodec, windowFunction,
            TypeExtraction.typeArgument(windowFunction, WindowFunction.class, 1));
    }

    private <ACC, R, OUT> DataStream<OUT> aggregate(AggregateFunction<T, ACC, R> aggregate, Codec<ACC> accumulatorCodec,
                                                    WindowFunction<R, OUT, K> windowFunction, Class<?> outputType) {
        long lateness = allowedLatenessMs;
        return input.keyedTransform("Window(" + assigner.getClass().getSimpleName() + ")", outputType,
            Operators.window(input.keySelector(), input.keyCodec(), assigner, lateness, aggregate, accumulatorCodec,
                windowFunction));
    }

    @SuppressWarnings("unchecked")
    private static <ACC> Codec<ACC> accumulatorCodec(AggregateFunction<?, ACC, ?> aggregate) {
        Class<?> type = TypeExtraction.typeArgument(aggregate, AggregateFunction.class, 1);
        if (type == null) {
            throw new InvalidJobException("the accumulator type of " + aggregate.getClass().getName()
                + " cannot be inferred; pass its codec: aggregate(function, accumulatorCodec, windowFunction)");
        }
        try {
            return (Codec<ACC>) Codecs.forClass(type);
        } catch (NoCodecException e) {
            throw new InvalidJobException("the accumulator of window aggregate " + aggregate.getClass().getName()
                + " is kept in keyed state but has no codec. " + e.problem()
                + "; pass one: aggregate(function, accumulatorCodec, windowFunction)", e);
        }
    }
}
