package io.ringflow.api.tuple;

import java.util.Arrays;

/**
 * Flink's tuples: {@link Tuple1} to {@link Tuple8}, fixed arity, public mutable fields
 * {@code f0, f1, ...}. A stream of tuples gets a codec without {@code returns(...)}: each field
 * written with a one-byte tag of its type (numbers, strings, booleans, characters, byte arrays
 * and nested tuples); {@code returns(Codecs.tuple(fieldCodecs...))} gives a typed codec instead
 * (no tags, any field type). Fields must not be null, as in Flink.
 */
public abstract class Tuple implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    /** The largest arity there is a class for. */
    public static final int MAX_ARITY = 8;

    public abstract int getArity();

    /** The field at {@code position}, from 0. */
    public abstract <T> T getField(int position);

    public abstract <T> void setField(T value, int position);

    /** A shallow copy: the fields themselves are not copied, as Flink's. */
    public abstract <T extends Tuple> T copy();

    /** An empty tuple of {@code arity} fields. */
    public static Tuple newInstance(int arity) {
        return switch (arity) {
            case 1 -> new Tuple1<>();
            case 2 -> new Tuple2<>();
            case 3 -> new Tuple3<>();
            case 4 -> new Tuple4<>();
            case 5 -> new Tuple5<>();
            case 6 -> new Tuple6<>();
            case 7 -> new Tuple7<>();
            case 8 -> new Tuple8<>();
            default -> throw new IllegalArgumentException("tuples have 1 to " + MAX_ARITY + " fields, not " + arity);
        };
    }

    /** The arity of {@code type}, a TupleN or a subclass of one. */
    public static int arityOf(Class<?> type) {
        for (int arity = 1; arity <= MAX_ARITY; arity++) {
            if (newInstance(arity).getClass().isAssignableFrom(type)) {
                return arity;
            }
        }
        throw new IllegalArgumentException(type.getName() + " is not a Tuple1 to Tuple" + MAX_ARITY);
    }

    /** An empty tuple of {@code type}: a TupleN, or a subclass of one through its no-arg constructor. */
    @SuppressWarnings("unchecked")
    public static <T extends Tuple> T newInstance(Class<T> type) {
        Tuple plain = newInstance(arityOf(type));
        if (plain.getClass() == type) {
            return (T) plain;
        }
        try {
            java.lang.reflect.Constructor<T> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type.getName() + " extends " + plain.getClass().getSimpleName()
                + " but cannot be made without arguments: give it a no-arg constructor", e);
        }
    }

    IndexOutOfBoundsException noField(int position) {
        return new IndexOutOfBoundsException(getClass().getSimpleName() + " has fields 0.." + (getArity() - 1) + ", not " + position);
    }

    /** Flink's form: {@code (a,b)}, arrays by their contents. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("(");
        for (int i = 0; i < getArity(); i++) {
            out.append(i == 0 ? "" : ",").append(fieldString(getField(i)));
        }
        return out.append(')').toString();
    }

    private static String fieldString(Object field) {
        if (field == null || !field.getClass().isArray()) {
            return String.valueOf(field);
        }
        String wrapped = Arrays.deepToString(new Object[] {field});
        return wrapped.substring(1, wrapped.length() - 1);
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (other == null || other.getClass() != getClass()) {
            return false;
        }
        Tuple that = (Tuple) other;
        for (int i = 0; i < getArity(); i++) {
            if (!java.util.Objects.deepEquals(getField(i), that.getField(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = 0;
        for (int i = 0; i < getArity(); i++) {
            hash = 31 * hash + java.util.Objects.hashCode(getField(i));
        }
        return hash;
    }
}
