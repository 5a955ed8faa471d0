package io.ringflow.api.tuple;

/** A tuple of 2 fields, as Flink's {@code Tuple2}: public fields, {@code of(...)}, equality by field. */
public class Tuple2<T0, T1> extends Tuple {
    private static final long serialVersionUID = 1L;

    public T0 f0;
    public T1 f1;

    /** Fields null until set. */
    public Tuple2() {
    }

    public Tuple2(T0 f0, T1 f1) {
        this.f0 = f0;
        this.f1 = f1;
    }

    public static <T0, T1> Tuple2<T0, T1> of(T0 f0, T1 f1) {
        return new Tuple2<>(f0, f1);
    }

    public void setFields(T0 f0, T1 f1) {
        this.f0 = f0;
        this.f1 = f1;
    }

    /** A new tuple with the two fields swapped, as Flink's. */
    public Tuple2<T1, T0> swap() {
        return new Tuple2<>(f1, f0);
    }

    @Override
    public int getArity() {
        return 2;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getField(int position) {
        return switch (position) {
            case 0 -> (T) f0;
            case 1 -> (T) f1;
            default -> throw noField(position);
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> void setField(T value, int position) {
        switch (position) {
            case 0 -> f0 = (T0) value;
            case 1 -> f1 = (T1) value;
            default -> throw noField(position);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Tuple2<T0, T1> copy() {
        return new Tuple2<>(f0, f1);
    }
}
