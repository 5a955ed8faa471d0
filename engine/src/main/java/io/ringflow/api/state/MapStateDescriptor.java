package io.ringflow.api.state;

import io.ringflow.api.codec.Codec;

import java.util.Objects;

/**
 * Describes a {@link MapState}.
 *
 * @param <K> the user key type
 * @param <V> the user value type
 */
public final class MapStateDescriptor<K, V> extends StateDescriptor<V> {
    private static final long serialVersionUID = 1L;
    private transient Codec<K> keyCodec; // serialized as its recipe, as the value codec

    /** A map state with {@code keyCodec} for the user keys and {@code valueCodec} for the values. */
    /** As Flink's {@code (name, Class, Class)}: the codecs {@link io.ringflow.api.codec.Codecs#forClass} finds. */
    public MapStateDescriptor(String name, Class<K> keyType, Class<V> valueType) {
        this(name, io.ringflow.api.codec.Codecs.forClass(keyType), io.ringflow.api.codec.Codecs.forClass(valueType));
    }

    public MapStateDescriptor(String name, Codec<K> keyCodec, Codec<V> valueCodec) {
        super(name, valueCodec);
        this.keyCodec = Objects.requireNonNull(keyCodec, () -> "key codec of state '" + name + "' must not be null");
    }

    /** The codec of the user keys. */
    public Codec<K> getKeyCodec() {
        return keyCodec;
    }

    @Override
    public Kind getKind() {
        return Kind.MAP;
    }

    private void writeObject(java.io.ObjectOutputStream out) throws java.io.IOException {
        out.defaultWriteObject();
        out.writeObject(CodecRecipe.of(keyCodec, getName() + " (its keys)"));
    }

    @SuppressWarnings("unchecked")
    private void readObject(java.io.ObjectInputStream in) throws java.io.IOException, ClassNotFoundException {
        in.defaultReadObject();
        keyCodec = (Codec<K>) ((CodecRecipe) in.readObject()).codec();
    }
}
