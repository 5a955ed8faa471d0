package io.ringflow.api.state;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.functions.AggregateFunction;

import java.util.Objects;

/**
 * Describes an {@link AggregatingState}. The codec is the accumulator's: the accumulator is what
 * a checkpoint holds.
 *
 * @param <IN> the type of the added elements
 * @param <ACC> the type of the accumulator
 * @param <OUT> the type of the result
 */
public final class AggregatingStateDescriptor<IN, ACC, OUT> extends StateDescriptor<ACC> {
    private static final long serialVersionUID = 1L;
    private final AggregateFunction<IN, ACC, OUT> aggregateFunction;

    /** An aggregating state folding added elements with {@code aggregateFunction}. */
    /** As Flink's {@code (name, aggregateFunction, Class)}: the accumulator's codec {@link io.ringflow.api.codec.Codecs#forClass} finds. */
    public AggregatingStateDescriptor(String name, AggregateFunction<IN, ACC, OUT> aggregateFunction,
                                      Class<ACC> accumulatorType) {
        this(name, aggregateFunction, io.ringflow.api.codec.Codecs.forClass(accumulatorType));
    }

    public AggregatingStateDescriptor(String name, AggregateFunction<IN, ACC, OUT> aggregateFunction,
                                      Codec<ACC> accumulatorCodec) {
        super(name, accumulatorCodec);
        this.aggregateFunction = Objects.requireNonNull(aggregateFunction,
            () -> "aggregate function of state '" + name + "' must not be null");
    }

    /** The function creating, adding to and reading the accumulator. */
    public AggregateFunction<IN, ACC, OUT> getAggregateFunction() {
        return aggregateFunction;
    }

    @Override
    public Kind getKind() {
        return Kind.AGGREGATING;
    }
}
