package io.ringflow.api.state;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.functions.ReduceFunction;

import java.util.Objects;

/**
 * Describes a {@link ReducingState}.
 *
 * @param <T> the type of the elements and of the result
 */
public final class ReducingStateDescriptor<T> extends StateDescriptor<T> {
    private static final long serialVersionUID = 1L;
    private final ReduceFunction<T> reduceFunction;

    /** A reducing state folding added elements with {@code reduceFunction}. */
    /** As Flink's {@code (name, reduceFunction, Class)}: the codec {@link io.ringflow.api.codec.Codecs#forClass} finds. */
    public ReducingStateDescriptor(String name, ReduceFunction<T> reduceFunction, Class<T> type) {
        this(name, reduceFunction, io.ringflow.api.codec.Codecs.forClass(type));
    }

    public ReducingStateDescriptor(String name, ReduceFunction<T> reduceFunction, Codec<T> codec) {
        super(name, codec);
        this.reduceFunction = Objects.requireNonNull(reduceFunction,
            () -> "reduce function of state '" + name + "' must not be null");
    }

    /** The function combining the stored value with each added element. */
    public ReduceFunction<T> getReduceFunction() {
        return reduceFunction;
    }

    @Override
    public Kind getKind() {
        return Kind.REDUCING;
    }
}
