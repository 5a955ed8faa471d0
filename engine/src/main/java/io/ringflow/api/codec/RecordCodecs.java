package io.ringflow.api.codec;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * Builds a {@link RecordCodec} from a record class: reflection and handle adaptation happen here,
 * once, so that encoding only calls ready-typed handles. Records declared private or nested are
 * reached through {@link MethodHandles#privateLookupIn}.
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

    private RecordCodecs() {
    }

    /** A codec for {@code type}, a record; throws {@link NoCodecException} naming the component at fault. */
    static <R> RecordCodec<R> of(final Class<R> type) {
        return build(type, type, "", new ArrayDeque<>());
    }

    @SuppressWarnings("unchecked")
    private static <R> RecordCodec<R> build(final Class<?> root, final Class<R> type, final String prefix,
        final Deque<Class<?>> enclosing) {
        final RecordComponent[] components = type.getRecordComponents();
        final BuiltInCodec<Object>[] codecs = (BuiltInCodec<Object>[])new BuiltInCodec<?>[components.length];
        final String[] names = new String[components.length];
        enclosing.push(type);
        for (int i = 0; i < components.length; i++) {
            names[i] = components[i].getName();
            codecs[i] = (BuiltInCodec<Object>)componentCodec(root, components[i], prefix, enclosing);
        }
        enclosing.pop();

        final MethodHandles.Lookup lookup = lookupIn(root, type);
        final MethodHandle[] accessors = new MethodHandle[components.length];
        final MethodHandle[] boxingAccessors = new MethodHandle[components.length];
        final Class<?>[] parameterTypes = new Class<?>[components.length];
        try {
            for (int i = 0; i < components.length; i++) {
                final RecordComponent component = components[i];
                final MethodHandle accessor = lookup.unreflect(component.getAccessor());
                accessors[i] = nullChecked(accessor, type, component, codecs[i])
                    .asType(MethodType.methodType(codecs[i].carrier(), Object.class));
                boxingAccessors[i] = accessor.asType(MethodType.methodType(Object.class, Object.class));
                parameterTypes[i] = component.getType();
            }
            final MethodHandle constructor = lookup.findConstructor(type, MethodType.methodType(void.class, parameterTypes))
                .asSpreader(Object[].class, components.length)
                .asType(MethodType.methodType(Object.class, Object[].class));
            return new RecordCodec<>(type, names, codecs, accessors, boxingAccessors, constructor);
        } catch (final ReflectiveOperationException e) {
            throw new NoCodecException(root, "cannot reach the accessors or canonical constructor of "
                + type.getName() + " (" + e.getMessage() + ")");
        }
    }

    private static BuiltInCodec<?> componentCodec(final Class<?> root, final RecordComponent component,
        final String prefix, final Deque<Class<?>> enclosing) {
        final Class<?> componentType = component.getType();
        final String path = prefix + component.getName();
        if (enclosing.contains(componentType)) {
            throw new NoCodecException(root, "component '" + path + "' of type " + componentType.getName()
                + " refers back to an enclosing record, which a flat layout cannot hold");
        }
        if (componentType.isRecord()) {
            return build(root, componentType, path + ".", enclosing);
        }
        final BuiltInCodec<?> codec = Codecs.builtIn(componentType);
        if (codec == null) {
            throw new NoCodecException(root, "component '" + path + "' has type "
                + component.getGenericType().getTypeName() + ", which has no codec");
        }
        return codec;
    }

    /** Makes a null boxed or record component fail with its name rather than deep in a cast. */
    private static MethodHandle nullChecked(final MethodHandle accessor, final Class<?> type,
        final RecordComponent component, final BuiltInCodec<?> codec) {
        if (component.getType().isPrimitive() || codec.acceptsNull()) {
            return accessor;
        }
        final String message = type.getName() + "." + component.getName()
            + " is null; a record codec writes boxed and record components only when non-null";
        final MethodHandle check = MethodHandles.insertArguments(REQUIRE_NON_NULL, 1, message)
            .asType(MethodType.methodType(component.getType(), component.getType()));
        return MethodHandles.filterReturnValue(accessor, check);
    }

    private static MethodHandles.Lookup lookupIn(final Class<?> root, final Class<?> type) {
        try {
            return MethodHandles.privateLookupIn(type, MethodHandles.lookup());
        } catch (final IllegalAccessException | SecurityException e) {
            throw new NoCodecException(root, "record " + type.getName() + " is not accessible to the engine ("
                + e.getMessage() + "); open its package to io.ringflow or make it public");
        }
    }
}
