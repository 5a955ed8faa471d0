package io.ringflow.api.state;

import io.ringflow.api.codec.Codec;

/**
 * Describes a {@link ValueState}.
 *
 * @param <T> the type of the value
 */
public final class ValueStateDescriptor<T> extends StateDescriptor<T> {
    private static final long serialVersionUID = 1L;
    private final T defaultValue;

    /** As Flink's {@code (name, Class)}: the codec {@link io.ringflow.api.codec.Codecs#forClass} finds for {@code type}. */
    public ValueStateDescriptor(String name, Class<T> type) {
        this(name, io.ringflow.api.codec.Codecs.forClass(type), null);
    }

    /** As Flink's {@code (name, Class, default)}. */
    public ValueStateDescriptor(String name, Class<T> type, T defaultValue) {
        this(name, io.ringflow.api.codec.Codecs.forClass(type), defaultValue);
    }

    /** A value state without default: {@link ValueState#value()} returns null when absent. */
    public ValueStateDescriptor(String name, Codec<T> codec) {
        this(name, codec, null);
    }

    /** A value state whose {@link ValueState#value()} returns a copy of {@code defaultValue} when absent. */
    public ValueStateDescriptor(String name, Codec<T> codec, T defaultValue) {
        super(name, codec);
        this.defaultValue = defaultValue;
    }

    /** The value returned for a key without value; may be null. */
    public T getDefaultValue() {
        return defaultValue;
    }

    @Override
    public Kind getKind() {
        return Kind.VALUE;
    }
}
