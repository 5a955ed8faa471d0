package io.ringflow.operator;

/** Passes records on unchanged: the node of a side output, chained to the operator that emits it. */
public final class ForwardOperator<T> extends OneInputOperator<T, T> {
    @Override
    public void processElement(T value, long timestamp) {
        output.collect(value, timestamp);
    }
}
