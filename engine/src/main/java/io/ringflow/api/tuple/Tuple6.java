package io.ringflow.api.tuple;

/** A tuple of 6 fields, as Flink's {@code Tuple6}: public fields, {@code of(...)}, equality by field. */
public class Tuple6<T0, T1, T2, T3, T4, T5> extends Tuple {
    private static final long serialVersionUID = 1L;

    public T0 f0;
    public T1 f1;
    public T2 f2;
    public T3 f3;
    public T4 f4;
    public T5 f5;

    /** Fields null until set. */
    public Tuple6() {
    }

    public Tuple6(T0 f0, T1 f1, T2 f2, T3 f3, T4 f4, T5 f5) {
        this.f0 = f0;
        this.f1 = f1;
        this.f2 = f2;
        this.f3 = f3;
        this.f4 = f4;
        this.f5 = f5;
    }

    public static <T0, T1, T2, T3, T4, T5> Tuple6<T0, T1, T2, T3, T4, T5> of(T0 f0, T1 f1, T2 f2, T3 f3, T4 f4, T5 f5) {
        return new Tuple6<>(f0, f1, f2, f3, f4, f5);
    }

    public void setFields(T0 f0, T1 f1, T2 f2, T3 f3, T4 f4, T5 f5) {
        this.f0 = f0;
        this.f1 = f1;
        this.f2 = f2;
        this.f3 = f3;
        this.f4 = f4;
        this.f5 = f5;
    }

    @Override
    public int getArity() {
        return 6;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getField(int position) {
        return switch (position) {
            case 0 -> (T) f0;
            case 1 -> (T) f1;
            case 2 -> (T) f2;
            case 3 -> (T) f3;
            case 4 -> (T) f4;
            case 5 -> (T) f5;
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
            case 3 -> f3 = (T3) value;
            case 4 -> f4 = (T4) value;
            case 5 -> f5 = (T5) value;
            default -> throw noField(position);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Tuple6<T0, T1, T2, T3, T4, T5> copy() {
        return new Tuple6<>(f0, f1, f2, f3, f4, f5);
    }
}
