package io.ringflow.operator;

/** An operator that consumes one stream of records. */
public abstract class OneInputOperator<IN, OUT> extends StreamOperator<OUT> {
    public abstract void processElement(IN value, long timestamp) throws Exception;
}
