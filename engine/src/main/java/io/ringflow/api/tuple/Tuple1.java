package io.ringflow.api.tuple;

/** A tuple of 1 field, as Flink's {@code Tuple1}: public fields, {@code of(...)}, equality by field. */
public class Tuple1<T0> extends Tuple {
    private static final long serialVersionUID = 1L;

    public T0 f0;

    /** Fields null until set. */
    public Tuple1() {
    }

    public Tuple1(T0 f0) {
        this.f0 = f0;
    }

    public static <T0> Tuple1<T0> of(T0 f0) {
        return new Tuple1<>(f0);
    }

    public void setFields(T0 f0) {
        this.f0 = f0;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getField(int position) {
        return switch (position) {
            case 0 -> (T) f0;
            default -> throw noField(position);
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> void setField(T value, int position) {
        switch (position) {
            case 0 -> f0 = (T0) value;
            default -> throw noField(position);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Tuple1<T0> copy() {
        return new Tuple1<>(f0);
    }
}
