package io.ringflow.api.codec;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Derives a codec from a declared type: a class found by {@link Codecs#forClass}, or the generic
 * type of a record component or POJO field, whose type arguments give the element codecs of
 * collections and optionals. Errors name the field at fault as a path from the root type:
 * {@code Order.lines[].price}, {@code Order.prices{key}}, {@code Order.note?}.
 */
final class FieldCodecs {
    private FieldCodecs() {
    }

    /** The codec of a class that is not built in: an enum, a record or a POJO. */
    static BuiltInCodec<?> forRoot(final Class<?> type) {
        if (EnumCodec.isEnum(type)) {
            return EnumCodec.of(type);
        }
        if (isContainer(type)) {
            throw new NoCodecException(type, null, "the element types of a " + type.getName()
                + " are not known from its class alone",
                "pass Codecs.listOf, setOf, mapOf or optionalOf of the element codecs");
        }
        final String path = type.getSimpleName();
        if (type.isRecord()) {
            return RecordCodecs.build(type, type, path, new ArrayDeque<>());
        }
        final String notPojo = PojoCodecs.whyNot(type);
        if (notPojo != null) {
            throw new NoCodecException(type, null, "it is not a primitive, String, primitive array, enum, "
                + "Instant, Duration, BigDecimal, BigInteger, record or POJO (" + notPojo + ")");
        }
        return PojoCodecs.build(type, type, path, new ArrayDeque<>());
    }

    /**
     * The codec of a field declared as {@code type} at {@code path} inside {@code root}.
     *
     * @param enclosing the records and POJOs being built around the field, to refuse a type that contains itself
     */
    static BuiltInCodec<?> of(final Class<?> root, final Type type, final String path, final Deque<Class<?>> enclosing) {
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw) {
            final Type[] arguments = parameterized.getActualTypeArguments();
            if (isList(raw)) {
                return new CollectionCodec<>(CollectionCodec.Kind.LIST, of(root, arguments[0], path + "[]", enclosing), path);
            }
            if (isSet(raw)) {
                return new CollectionCodec<>(CollectionCodec.Kind.SET, of(root, arguments[0], path + "[]", enclosing), path);
            }
            if (isMap(raw)) {
                return new MapCodec(of(root, arguments[0], path + "{key}", enclosing),
                    of(root, arguments[1], path + "{value}", enclosing), path);
            }
            if (raw == Optional.class) {
                return new OptionalCodec(of(root, arguments[0], path + "?", enclosing));
            }
            if (isTuple(raw)) {
                return typedTuple(root, raw, arguments, path, enclosing);
            }
            throw new NoCodecException(root, path, "its type " + type.getTypeName() + " is generic; only List, Set, "
                + "Map, Optional and tuple fields may have type arguments");
        }
        if (!(type instanceof Class<?> clazz)) {
            throw new NoCodecException(root, path, "its type " + type.getTypeName() + " is not a concrete class");
        }
        final BuiltInCodec<?> builtIn = Codecs.builtIn(clazz);
        if (builtIn != null) {
            return builtIn;
        }
        if (EnumCodec.isEnum(clazz)) {
            return EnumCodec.of(clazz);
        }
        if (isTuple(clazz)) {
            // a raw tuple field: each value says its type (the codec forClass gives a tuple stream)
            return (BuiltInCodec<?>) Codecs.forClass(clazz);
        }
        if (isContainer(clazz)) {
            throw new NoCodecException(root, path, "its type " + clazz.getName() + " is raw or not one of List, "
                + "ArrayList, Collection, Set, HashSet, LinkedHashSet, Map, HashMap, LinkedHashMap, Optional "
                + "with its type arguments");
        }
        if (enclosing.contains(clazz)) {
            throw new NoCodecException(root, path, "its type " + clazz.getName()
                + " refers back to an enclosing type, which a flat layout cannot hold");
        }
        if (clazz.isRecord()) {
            return RecordCodecs.build(root, clazz, path, enclosing);
        }
        final String notPojo = PojoCodecs.whyNot(clazz);
        if (notPojo != null) {
            throw new NoCodecException(root, path, "its type " + clazz.getTypeName() + " has no codec (" + notPojo + ")");
        }
        return PojoCodecs.build(root, clazz, path, enclosing);
    }

    /** A tuple field with its type arguments: one codec per field, as {@link Codecs#tuple} makes. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static BuiltInCodec<?> typedTuple(final Class<?> root, final Class<?> raw, final Type[] arguments, final String path,
                                              final Deque<Class<?>> enclosing) {
        final Codec<?>[] fields = new Codec<?>[arguments.length];
        for (int i = 0; i < arguments.length; i++) {
            fields[i] = of(root, arguments[i], path + ".f" + i, enclosing);
        }
        return new TupleCodecs.Typed(raw, fields);
    }

    private static boolean isTuple(final Class<?> type) {
        return io.ringflow.api.tuple.Tuple.class.isAssignableFrom(type) && type != io.ringflow.api.tuple.Tuple.class;
    }

    private static boolean isList(final Class<?> raw) {
        return raw == List.class || raw == ArrayList.class || raw == Collection.class;
    }

    private static boolean isSet(final Class<?> raw) {
        return raw == Set.class || raw == HashSet.class || raw == LinkedHashSet.class;
    }

    private static boolean isMap(final Class<?> raw) {
        return raw == Map.class || raw == HashMap.class || raw == LinkedHashMap.class;
    }

    /** Collections, maps and optionals: their codec needs the element types, which a class does not carry. */
    private static boolean isContainer(final Class<?> type) {
        return Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type) || type == Optional.class;
    }
}
