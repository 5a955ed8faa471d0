package io.ringflow.api;

import io.ringflow.api.functions.ReduceFunction;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;

/**
 * The rolling aggregations of {@link KeyedStream} by record component, with Flink's semantics:
 * {@code sum}, {@code min} and {@code max} emit the key's first record with the component
 * replaced by the aggregate; {@code minBy} and {@code maxBy} emit the whole record holding the
 * extreme value, the earliest one on ties.
 */
final class ComponentAggregator<T> implements ReduceFunction<T> {
    private static final long serialVersionUID = 1L;
    private static final List<Class<?>> NUMBERS = List.of(Integer.class, Long.class, Double.class, Float.class,
        Short.class, Byte.class, BigDecimal.class, BigInteger.class);

    enum Kind { SUM, MIN, MAX, MIN_BY, MAX_BY }

    private final Class<?> type;
    private final int component;
    private final Kind kind;
    private transient Method[] accessors;
    private transient Constructor<?> constructor;

    private ComponentAggregator(Class<?> type, int component, Kind kind) {
        this.type = type;
        this.component = component;
        this.kind = kind;
    }

    /** @throws InvalidJobException when the stream is not of records, or the component is missing or of the wrong type */
    static <T> ComponentAggregator<T> byName(Class<?> type, String name, Kind kind, String stream) {
        if (isTuple(type) && name.matches("f\\d+")) {
            return byPosition(type, Integer.parseInt(name.substring(1)), kind, stream); // Flink's field expression
        }
        RecordComponent[] components = components(type, kind, stream);
        for (int i = 0; i < components.length; i++) {
            if (components[i].getName().equals(name)) {
                return checked(type, i, kind, stream);
            }
        }
        throw new InvalidJobException(describe(kind) + " after " + stream + ": record " + type.getSimpleName()
            + " has no component '" + name + "'; it has " + names(components));
    }

    static <T> ComponentAggregator<T> byPosition(Class<?> type, int position, Kind kind, String stream) {
        if (isTuple(type)) {
            int arity = io.ringflow.api.tuple.Tuple.arityOf(type);
            if (position < 0 || position >= arity) {
                throw new InvalidJobException(describe(kind) + " after " + stream + ": " + type.getSimpleName() + " has fields 0.."
                    + (arity - 1) + ", not " + position);
            }
            return new ComponentAggregator<>(type, position, kind); // field types are erased: checked per record
        }
        RecordComponent[] components = components(type, kind, stream);
        if (position < 0 || position >= components.length) {
            throw new InvalidJobException(describe(kind) + " after " + stream + ": record " + type.getSimpleName()
                + " has components 0.." + (components.length - 1) + " " + names(components) + ", not " + position);
        }
        return checked(type, position, kind, stream);
    }

    private static boolean isTuple(Class<?> type) {
        return type != null && io.ringflow.api.tuple.Tuple.class.isAssignableFrom(type) && type != io.ringflow.api.tuple.Tuple.class;
    }

    private static RecordComponent[] components(Class<?> type, Kind kind, String stream) {
        if (type == null || !type.isRecord()) {
            throw new InvalidJobException(describe(kind) + " after " + stream + " aggregates a component of a record or a field of a tuple, but the "
                + "stream's type is " + (type == null ? "unknown" : type.getName()) + "; use reduce(...) instead");
        }
        return type.getRecordComponents();
    }

    private static <T> ComponentAggregator<T> checked(Class<?> type, int index, Kind kind, String stream) {
        RecordComponent component = type.getRecordComponents()[index];
        Class<?> boxed = box(component.getType());
        boolean ok = kind == Kind.SUM ? NUMBERS.contains(boxed) : Comparable.class.isAssignableFrom(boxed);
        if (!ok) {
            throw new InvalidJobException(describe(kind) + " after " + stream + ": component '" + component.getName()
                + "' of " + type.getSimpleName() + " is a " + component.getType().getName() + ", which is not "
                + (kind == Kind.SUM ? "a number" : "Comparable"));
        }
        return new ComponentAggregator<>(type, index, kind);
    }

    @Override
    @SuppressWarnings("unchecked")
    public T reduce(T first, T next) throws Exception {
        Object a = get(first);
        Object b = get(next);
        return switch (kind) {
            case SUM -> with(first, add(a, b));
            case MIN -> compare(a, b) <= 0 ? first : with(first, b);
            case MAX -> compare(a, b) >= 0 ? first : with(first, b);
            case MIN_BY -> compare(a, b) <= 0 ? first : next;
            case MAX_BY -> compare(a, b) >= 0 ? first : next;
        };
    }

    private Object get(T record) throws Exception {
        if (record instanceof io.ringflow.api.tuple.Tuple tuple) {
            Object field = tuple.getField(component);
            boolean ok = kind == Kind.SUM ? field != null && NUMBERS.contains(field.getClass()) : field instanceof Comparable;
            if (!ok) {
                throw new IllegalArgumentException(describe(kind) + " of field f" + component + " of " + type.getSimpleName()
                    + ": it holds " + (field == null ? "null" : "a " + field.getClass().getName()) + ", which is not "
                    + (kind == Kind.SUM ? "a number" : "Comparable"));
            }
            return field;
        }
        resolve();
        return accessors[component].invoke(record);
    }

    @SuppressWarnings("unchecked")
    private T with(T record, Object value) throws Exception {
        if (record instanceof io.ringflow.api.tuple.Tuple tuple) {
            io.ringflow.api.tuple.Tuple copy = io.ringflow.api.tuple.Tuple.newInstance(tuple.getClass());
            for (int i = 0; i < tuple.getArity(); i++) {
                copy.setField(i == component ? value : tuple.getField(i), i);
            }
            return (T) copy;
        }
        Object[] values = new Object[accessors.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = i == component ? value : accessors[i].invoke(record);
        }
        return (T) constructor.newInstance(values);
    }

    private void resolve() throws NoSuchMethodException {
        if (accessors != null) {
            return;
        }
        RecordComponent[] components = type.getRecordComponents();
        Method[] methods = new Method[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            methods[i] = components[i].getAccessor();
            methods[i].setAccessible(true); // records nested in the user's classes are often private
            types[i] = components[i].getType();
        }
        constructor = type.getDeclaredConstructor(types);
        constructor.setAccessible(true);
        accessors = methods;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object a, Object b) {
        return ((Comparable) a).compareTo(b);
    }

    private static Object add(Object a, Object b) {
        if (a instanceof Integer x) {
            return x + (Integer) b;
        } else if (a instanceof Long x) {
            return x + (Long) b;
        } else if (a instanceof Double x) {
            return x + (Double) b;
        } else if (a instanceof Float x) {
            return x + (Float) b;
        } else if (a instanceof Short x) {
            return (short) (x + (Short) b);
        } else if (a instanceof Byte x) {
            return (byte) (x + (Byte) b);
        } else if (a instanceof BigDecimal x) {
            return x.add((BigDecimal) b);
        }
        return ((BigInteger) a).add((BigInteger) b);
    }

    private static Class<?> box(Class<?> type) {
        return type.isPrimitive() ? java.lang.invoke.MethodType.methodType(type).wrap().returnType() : type;
    }

    private static String names(RecordComponent[] components) {
        StringBuilder names = new StringBuilder();
        for (RecordComponent c : components) {
            names.append(names.length() == 0 ? "" : ", ").append(c.getName());
        }
        return "(" + names + ")";
    }

    private static String describe(Kind kind) {
        return switch (kind) {
            case SUM -> "sum";
            case MIN -> "min";
            case MAX -> "max";
            case MIN_BY -> "minBy";
            case MAX_BY -> "maxBy";
        };
    }
}
