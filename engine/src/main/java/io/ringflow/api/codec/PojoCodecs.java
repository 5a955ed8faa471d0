package io.ringflow.api.codec;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.agrona.LangUtil;

/**
 * Flink's POJO rules, and the codec of a class that follows them: a public class, top-level or
 * static nested, not abstract, with a public no-arg constructor, where every non-static,
 * non-transient field of the class and its superclasses is public and not final, or has a public
 * getter ({@code getX()}, {@code isX()} for a boolean, or {@code x()}) returning the field's
 * type and a public setter {@code setX(value)} returning void or the class. Fields are written
 * in name order, as Flink does, so that reordering them in the source changes nothing.
 */
final class PojoCodecs {
    /** Passed to the constructor for a field restored bytes lack: its setter is not called. */
    static final Object UNSET = new Object();

    private static final MethodHandle CONSTRUCT;

    static {
        try {
            CONSTRUCT = MethodHandles.lookup().findStatic(PojoCodecs.class, "construct",
                MethodType.methodType(Object.class, MethodHandle.class, MethodHandle[].class, Object[].class));
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private PojoCodecs() {
    }

    /** Why {@code type} is not a POJO, or null when it is one. */
    static String whyNot(final Class<?> type) {
        if (type.isPrimitive() || type.isArray() || type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            return "not a POJO: an interface, abstract class or array";
        }
        if (!Modifier.isPublic(type.getModifiers())) {
            return "not a POJO: the class is not public";
        }
        if (type.getEnclosingClass() != null && !Modifier.isStatic(type.getModifiers())) {
            return "not a POJO: an inner class that is not static";
        }
        try {
            if (!Modifier.isPublic(type.getDeclaredConstructor().getModifiers())) {
                return "not a POJO: its no-arg constructor is not public";
            }
        } catch (final NoSuchMethodException e) {
            return "not a POJO: it has no public no-arg constructor";
        }
        final List<Field> fields;
        try {
            fields = fields(type);
        } catch (final IllegalArgumentException e) {
            return "not a POJO: " + e.getMessage();
        }
        if (fields.isEmpty()) {
            return "not a POJO: it has no fields";
        }
        for (final Field field : fields) {
            if (!isPublicField(field) && (getter(type, field) == null || setter(type, field) == null)) {
                return "not a POJO: field '" + field.getName() + "' is not public and has no public getter and setter";
            }
        }
        return null;
    }

    /** The codec of POJO {@code type} at {@code path} inside {@code root}; {@link #whyNot} was null. */
    static <P> RecordCodec<P> build(final Class<?> root, final Class<P> type, final String path,
        final Deque<Class<?>> enclosing) {
        final MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        final List<Field> fields = fields(type);
        final List<RecordCodecs.Member> members = new ArrayList<>();
        final MethodHandle[] setters = new MethodHandle[fields.size()];
        try {
            for (int i = 0; i < fields.size(); i++) {
                final Field field = fields.get(i);
                final boolean direct = isPublicField(field);
                final MethodHandle getter = direct ? lookup.unreflectGetter(field) : lookup.unreflect(getter(type, field));
                members.add(new RecordCodecs.Member(field.getName(), field.getGenericType(),
                    getter.asType(MethodType.methodType(field.getType(), type))));
                final MethodHandle setter = direct ? lookup.unreflectSetter(field) : lookup.unreflect(setter(type, field));
                setters[i] = setter.asType(MethodType.methodType(void.class, Object.class, Object.class));
            }
            final MethodHandle newInstance = lookup.findConstructor(type, MethodType.methodType(void.class))
                .asType(MethodType.methodType(Object.class));
            final MethodHandle constructor = MethodHandles.insertArguments(CONSTRUCT, 0, newInstance, setters);
            return RecordCodecs.assemble(root, type, path, enclosing, members, constructor, true);
        } catch (final ReflectiveOperationException e) {
            throw new NoCodecException(root, path, "cannot reach the constructor, fields or accessors of POJO "
                + type.getName() + " (" + e.getMessage() + ")");
        }
    }

    /** A new POJO from its no-arg constructor with each field that is not {@link #UNSET} set. */
    private static Object construct(final MethodHandle newInstance, final MethodHandle[] setters, final Object[] values) {
        try {
            final Object pojo = (Object)newInstance.invokeExact();
            for (int i = 0; i < setters.length; i++) {
                if (values[i] != UNSET) {
                    setters[i].invokeExact(pojo, values[i]);
                }
            }
            return pojo;
        } catch (final Throwable t) {
            LangUtil.rethrowUnchecked(t);
            return null;
        }
    }

    /** The non-static, non-transient fields of {@code type} and its superclasses, by name. */
    private static List<Field> fields(final Class<?> type) {
        final List<Field> fields = new ArrayList<>();
        final Set<String> names = new HashSet<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (final Field field : c.getDeclaredFields()) {
                final int modifiers = field.getModifiers();
                if (Modifier.isStatic(modifiers) || Modifier.isTransient(modifiers) || field.isSynthetic()) {
                    continue;
                }
                if (!names.add(field.getName())) {
                    throw new IllegalArgumentException("field '" + field.getName() + "' is declared twice in its class hierarchy");
                }
                fields.add(field);
            }
        }
        fields.sort(Comparator.comparing(Field::getName));
        return fields;
    }

    private static boolean isPublicField(final Field field) {
        return Modifier.isPublic(field.getModifiers()) && !Modifier.isFinal(field.getModifiers());
    }

    private static Method getter(final Class<?> type, final Field field) {
        final String name = capitalized(field);
        final boolean flag = field.getType() == boolean.class || field.getType() == Boolean.class;
        for (final Method method : type.getMethods()) {
            final String n = method.getName();
            if (method.getParameterCount() == 0 && !Modifier.isStatic(method.getModifiers())
                && (n.equals("get" + name) || (flag && n.equals("is" + name)) || n.equals(field.getName()))
                && method.getGenericReturnType().equals(field.getGenericType())) {
                return method;
            }
        }
        return null;
    }

    private static Method setter(final Class<?> type, final Field field) {
        final String name = "set" + capitalized(field);
        for (final Method method : type.getMethods()) {
            if (method.getName().equals(name) && method.getParameterCount() == 1 && !Modifier.isStatic(method.getModifiers())
                && method.getGenericParameterTypes()[0].equals(field.getGenericType())
                && (method.getReturnType() == void.class || method.getReturnType() == type)) {
                return method;
            }
        }
        return null;
    }

    private static String capitalized(final Field field) {
        final String name = field.getName();
        return Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }
}
