package io.ringflow.api.state;

import io.ringflow.api.codec.Codec;

/**
 * Describes a {@link ListState}, keyed or operator.
 *
 * @param <T> the type of the elements
 */
public final class ListStateDescriptor<T> extends StateDescriptor<T> {
    private static final long serialVersionUID = 1L;
    /** A list state whose elements are encoded with {@code elementCodec}. */
    /** As Flink's {@code (name, Class)}: the codec {@link io.ringflow.api.codec.Codecs#forClass} finds for the elements. */
    public ListStateDescriptor(String name, Class<T> elementType) {
        this(name, io.ringflow.api.codec.Codecs.forClass(elementType));
    }

    public ListStateDescriptor(String name, Codec<T> elementCodec) {
        super(name, elementCodec);
    }

    @Override
    public Kind getKind() {
        return Kind.LIST;
    }
}
