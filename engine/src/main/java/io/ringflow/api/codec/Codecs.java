package io.ringflow.api.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The built-in codecs, and the codec for a class when the engine can derive one.
 *
 * <p>Built in: the boxed primitives, {@code String} (UTF-8, length-prefixed), {@code byte[]},
 * {@code long[]}, {@code int[]}, {@code double[]}, {@code Instant}, {@code Duration},
 * {@code BigDecimal}, {@code BigInteger}, enums, and any Java {@code record} or Flink-style POJO
 * whose fields are, recursively, of those types, of records, POJOs, or {@code List}, {@code Set},
 * {@code Map} and {@code Optional} of them (element types from the field's generic type).
 * {@link CodecDescriptor} gives every layout. Every codec here is stateless and may be shared
 * between threads.
 *
 * <pre>{@code
 * Codec<Trade> trades = Codecs.forClass(Trade.class);   // record Trade(long id, String symbol, double px)
 * int written = trades.encode(trade, slotBuffer, slotOffset, slotCapacity);
 * Codec<List<Long>> ids = Codecs.listOf(Codecs.LONG);    // a class alone does not say its elements' type
 * }</pre>
 */
public final class Codecs {
    /** 8 bytes. */
    public static final Codec<Long> LONG = new PrimitiveCodecs.LongCodec();
    /** 4 bytes. */
    public static final Codec<Integer> INT = new PrimitiveCodecs.IntCodec();
    /** 2 bytes. */
    public static final Codec<Short> SHORT = new PrimitiveCodecs.ShortCodec();
    /** 1 byte. */
    public static final Codec<Byte> BYTE = new PrimitiveCodecs.ByteCodec();
    /** 8 bytes, the raw IEEE 754 bits. */
    public static final Codec<Double> DOUBLE = new PrimitiveCodecs.DoubleCodec();
    /** 4 bytes, the raw IEEE 754 bits. */
    public static final Codec<Float> FLOAT = new PrimitiveCodecs.FloatCodec();
    /** 1 byte, 0 or 1. */
    public static final Codec<Boolean> BOOLEAN = new PrimitiveCodecs.BooleanCodec();
    /** 2 bytes, the UTF-16 code unit. */
    public static final Codec<Character> CHAR = new PrimitiveCodecs.CharCodec();
    /** UTF-8 bytes after an int byte count. */
    public static final Codec<String> STRING = new StringCodec();
    /** Elements after an int element count. */
    public static final Codec<byte[]> BYTE_ARRAY = new ArrayCodecs.ByteArrayCodec();
    /** Elements after an int element count. */
    public static final Codec<long[]> LONG_ARRAY = new ArrayCodecs.LongArrayCodec();
    /** Elements after an int element count. */
    public static final Codec<int[]> INT_ARRAY = new ArrayCodecs.IntArrayCodec();
    /** Elements after an int element count. */
    public static final Codec<double[]> DOUBLE_ARRAY = new ArrayCodecs.DoubleArrayCodec();
    /** Epoch seconds (8) and nanoseconds (4). */
    public static final Codec<Instant> INSTANT = new TimeCodecs.InstantCodec();
    /** Seconds (8) and nanoseconds (4). */
    public static final Codec<Duration> DURATION = new TimeCodecs.DurationCodec();
    /** Two's-complement bytes after an int byte count. */
    public static final Codec<BigInteger> BIG_INTEGER = new BigNumberCodecs.BigIntegerCodec();
    /** The unscaled value as a {@code BigInteger}, then the scale (int). */
    public static final Codec<BigDecimal> BIG_DECIMAL = new BigNumberCodecs.BigDecimalCodec();

    private static final Map<Class<?>, Codec<?>> BY_CLASS = Map.ofEntries(
        Map.entry(Long.class, LONG), Map.entry(long.class, LONG),
        Map.entry(Integer.class, INT), Map.entry(int.class, INT),
        Map.entry(Short.class, SHORT), Map.entry(short.class, SHORT),
        Map.entry(Byte.class, BYTE), Map.entry(byte.class, BYTE),
        Map.entry(Double.class, DOUBLE), Map.entry(double.class, DOUBLE),
        Map.entry(Float.class, FLOAT), Map.entry(float.class, FLOAT),
        Map.entry(Boolean.class, BOOLEAN), Map.entry(boolean.class, BOOLEAN),
        Map.entry(Character.class, CHAR), Map.entry(char.class, CHAR),
        Map.entry(String.class, STRING),
        Map.entry(byte[].class, BYTE_ARRAY),
        Map.entry(long[].class, LONG_ARRAY),
        Map.entry(int[].class, INT_ARRAY),
        Map.entry(double[].class, DOUBLE_ARRAY),
        Map.entry(Instant.class, INSTANT),
        Map.entry(Duration.class, DURATION),
        Map.entry(BigInteger.class, BIG_INTEGER),
        Map.entry(BigDecimal.class, BIG_DECIMAL));

    // Reflection runs once per enum, record or POJO class; the codec is stateless, so one instance serves all.
    private static final ClassValue<Codec<?>> DERIVED = new ClassValue<>() {
        @Override
        protected Codec<?> computeValue(final Class<?> type) {
            return FieldCodecs.forRoot(type);
        }
    };

    private Codecs() {
    }

    /**
     * The codec for {@code type}: a built-in one, or one derived for an enum, a record or a POJO.
     * Primitive classes such as {@code long.class} get the codec of their boxed type.
     *
     * @throws NoCodecException naming the type, the field without a codec, and the fix
     */
    @SuppressWarnings("unchecked")
    public static <T> Codec<T> forClass(final Class<T> type) {
        final Codec<?> codec = BY_CLASS.get(type);
        if (codec == null && io.ringflow.api.tuple.Tuple.class.isAssignableFrom(type) && type != io.ringflow.api.tuple.Tuple.class) {
            return (Codec<T>)new TupleCodecs.Tagged<>((Class<io.ringflow.api.tuple.Tuple>)type,
                io.ringflow.api.tuple.Tuple.arityOf(type));
        }
        return (Codec<T>)(codec != null ? codec : DERIVED.get(type));
    }

    /**
     * A typed codec of tuples of {@code fields.length} fields, one codec per field (Flink's
     * {@code Types.TUPLE(...)}): {@code .returns(Codecs.tuple(Codecs.STRING, Codecs.INT))}.
     */
    @SuppressWarnings("unchecked")
    public static <T extends io.ringflow.api.tuple.Tuple> Codec<T> tuple(final Codec<?>... fields) {
        if (fields.length < 1 || fields.length > io.ringflow.api.tuple.Tuple.MAX_ARITY) {
            throw new IllegalArgumentException("a tuple codec takes 1 to " + io.ringflow.api.tuple.Tuple.MAX_ARITY
                + " field codecs, got " + fields.length);
        }
        return new TupleCodecs.Typed<>((Class<T>)io.ringflow.api.tuple.Tuple.newInstance(fields.length).getClass(), fields);
    }

    /**
     * The codec of tuples of {@code tupleCodec}'s fields at {@code positions}, for Flink's
     * {@code project(...)}: typed when {@code tupleCodec} is ({@link #tuple}), else tagged.
     */
    @SuppressWarnings("unchecked")
    public static <T extends io.ringflow.api.tuple.Tuple> Codec<T> projected(final Codec<?> tupleCodec, final int... positions) {
        if (tupleCodec instanceof TupleCodecs.Typed<?> typed) {
            final Codec<?>[] fields = new Codec<?>[positions.length];
            for (int i = 0; i < positions.length; i++) {
                fields[i] = typed.fieldCodec(positions[i]);
            }
            return tuple(fields);
        }
        return (Codec<T>) forClass(io.ringflow.api.tuple.Tuple.newInstance(positions.length).getClass());
    }

    /** Elements after an int element count ({@code -1} for null); read back as an {@code ArrayList}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <E> Codec<List<E>> listOf(final Codec<E> elements) {
        return (Codec)new CollectionCodec<>(CollectionCodec.Kind.LIST, LengthPrefixedCodec.of(elements), "a List");
    }

    /** Elements after an int element count ({@code -1} for null); read back as a {@code LinkedHashSet}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <E> Codec<Set<E>> setOf(final Codec<E> elements) {
        return (Codec)new CollectionCodec<>(CollectionCodec.Kind.SET, LengthPrefixedCodec.of(elements), "a Set");
    }

    /** Keys and values after an int entry count ({@code -1} for null); read back as a {@code LinkedHashMap}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <K, V> Codec<Map<K, V>> mapOf(final Codec<K> keys, final Codec<V> values) {
        return (Codec)new MapCodec(LengthPrefixedCodec.of(keys), LengthPrefixedCodec.of(values), "a Map");
    }

    /** A byte, 0 empty or 1 present, then the value. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <E> Codec<Optional<E>> optionalOf(final Codec<E> value) {
        return (Codec)new OptionalCodec(LengthPrefixedCodec.of(value));
    }

    /** Like {@link #forClass} but returns null when {@code type} has no codec. */
    public static <T> Codec<T> find(final Class<T> type) {
        try {
            return forClass(type);
        } catch (final NoCodecException e) {
            return null;
        }
    }

    /** The built-in codec whose {@link Codec#identity()} is {@code identity}, or null. */
    static BuiltInCodec<?> builtInByIdentity(final String identity) {
        for (final Codec<?> codec : BY_CLASS.values()) {
            if (codec.identity().equals(identity)) {
                return (BuiltInCodec<?>)codec;
            }
        }
        return null;
    }

    /** The built-in codec of a type that needs no derivation, or null. */
    static BuiltInCodec<?> builtIn(final Class<?> type) {
        return (BuiltInCodec<?>)BY_CLASS.get(type);
    }
}
