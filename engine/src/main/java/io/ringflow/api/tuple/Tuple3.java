package io.ringflow.api.tuple;

/** A tuple of 3 fields, as Flink's {@code Tuple3}: public fields, {@code of(...)}, equality by field. */
public class Tuple3<T0, T1, T2> extends Tuple {
    private static final long serialVersionUID = 1L;

    public T0 f0;
    public T1 f1;
    public T2 f2;

    /** Fields null until set. */
    public Tuple3() {
    }

    public Tuple3(T0 f0, T1 f1, T2 f2) {
        this.f0 = f0;
        this.f1 = f1;
        this.f2 = f2;
    }

    public static <T0, T1, T2> Tuple3<T0, T1, T2> of(T0 f0, T1 f1, T2 f2) {
        return new Tuple3<>(f0, f1, f2);
    }

    public void setFields(T0 f0, T1 f1, T2 f2) {
        this.f0 = f0;
        this.f1 = f1;
        this.f2 = f2;
    }

    @Override
    public int getArity() {
        return 3;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getField(int position) {
        return switch (position) {
            case 0 -> (T) f0;
            case 1 -> (T) f1;
            case 2 -> (T) f2;
            default -> throw noField(position);
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> void setField(T value, int position) {
        switch (position) {
            case 0 -> f0 = (T0) value;
            case 1 -> f1 = (T1) value;
            case 2 -> f2 = (T2) value;
            default -> throw noField(position);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Tuple3<T0, T1, T2> copy() {
        return new Tuple3<>(f0, f1, f2);
    }
}
