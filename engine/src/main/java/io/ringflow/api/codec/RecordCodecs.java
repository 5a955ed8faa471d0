package io.ringflow.api.codec;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * Builds a {@link RecordCodec} from a record class, or from the fields of a POJO: reflection and
 * handle adaptation happen here, once, so that encoding only calls ready-typed handles. Records
 * declared private or nested are reached through {@link MethodHandles#privateLookupIn}.
 */
final class RecordCodecs {
    private static final MethodHandle REQUIRE_NON_NULL;

    static {
        try {
            REQUIRE_NON_NULL = MethodHandles.lookup().findStatic(Objects.class, "requireNonNull",
                MethodType.methodType(Object.class, Object.class, String.class));
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * One field in written order.
     *
     * @param name   its name, as stored in the identity
     * @param type   its declared, possibly generic, type
     * @param getter typed {@code (owner)fieldType}
     */
    record Member(String name, Type type, MethodHandle getter) {
        Class<?> rawType() {
            return getter.type().returnType();
        }
    }

    private RecordCodecs() {
    }

    /** A codec for {@code type}, a record; throws {@link NoCodecException} naming the component at fault. */
    static <R> RecordCodec<R> of(final Class<R> type) {
        return build(type, type, type.getSimpleName(), new ArrayDeque<>());
    }

    /** The codec of record {@code type} found at {@code path} inside {@code root}. */
    static <R> RecordCodec<R> build(final Class<?> root, final Class<R> type, final String path,
        final Deque<Class<?>> enclosing) {
        final MethodHandles.Lookup lookup = lookupIn(root, type);
        final RecordComponent[] components = type.getRecordComponents();
        final Member[] members = new Member[components.length];
        final Class<?>[] parameterTypes = new Class<?>[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                members[i] = new Member(components[i].getName(), components[i].getGenericType(),
                    lookup.unreflect(components[i].getAccessor()));
                parameterTypes[i] = components[i].getType();
            }
            final MethodHandle constructor = lookup.findConstructor(type, MethodType.methodType(void.class, parameterTypes))
                .asSpreader(Object[].class, components.length)
                .asType(MethodType.methodType(Object.class, Object[].class));
            return assemble(root, type, path, enclosing, List.of(members), constructor, false);
        } catch (final ReflectiveOperationException e) {
            throw new NoCodecException(root, path, "cannot reach the accessors or canonical constructor of "
                + type.getName() + " (" + e.getMessage() + ")");
        }
    }

    /**
     * The codec of {@code type} made of {@code members}, whose values {@code constructor} (typed
     * {@code (Object[])Object}) turns back into an instance.
     */
    @SuppressWarnings("unchecked")
    static <R> RecordCodec<R> assemble(final Class<?> root, final Class<R> type, final String path,
        final Deque<Class<?>> enclosing, final List<Member> members, final MethodHandle constructor, final boolean pojo) {
        final int count = members.size();
        final BuiltInCodec<Object>[] codecs = (BuiltInCodec<Object>[])new BuiltInCodec<?>[count];
        final String[] names = new String[count];
        final MethodHandle[] accessors = new MethodHandle[count];
        final MethodHandle[] boxingAccessors = new MethodHandle[count];
        enclosing.push(type);
        for (int i = 0; i < count; i++) {
            final Member member = members.get(i);
            names[i] = member.name();
            codecs[i] = (BuiltInCodec<Object>)FieldCodecs.of(root, member.type(), path + "." + member.name(), enclosing);
            accessors[i] = nullChecked(member, path, codecs[i])
                .asType(MethodType.methodType(codecs[i].carrier(), Object.class));
            boxingAccessors[i] = member.getter().asType(MethodType.methodType(Object.class, Object.class));
        }
        enclosing.pop();
        return new RecordCodec<>(type, names, codecs, accessors, boxingAccessors, constructor, pojo);
    }

    /** Makes a null field that its codec cannot write fail with its path rather than deep in a cast. */
    private static MethodHandle nullChecked(final Member member, final String path, final BuiltInCodec<?> codec) {
        final Class<?> type = member.rawType();
        if (type.isPrimitive() || codec.acceptsNull()) {
            return member.getter();
        }
        final String message = path + "." + member.name() + " is null; a " + type.getSimpleName()
            + " field is written only when non-null";
        final MethodHandle check = MethodHandles.insertArguments(REQUIRE_NON_NULL, 1, message)
            .asType(MethodType.methodType(type, type));
        return MethodHandles.filterReturnValue(member.getter(), check);
    }

    private static MethodHandles.Lookup lookupIn(final Class<?> root, final Class<?> type) {
        try {
            return MethodHandles.privateLookupIn(type, MethodHandles.lookup());
        } catch (final IllegalAccessException | SecurityException e) {
            throw new NoCodecException(root, null, "record " + type.getName() + " is not accessible to the engine ("
                + e.getMessage() + ")", "open its package to io.ringflow or make it public");
        }
    }
}
