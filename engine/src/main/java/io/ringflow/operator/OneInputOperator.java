package io.ringflow.operator;

/** An operator that consumes one stream of records. */
public abstract class OneInputOperator<IN, OUT> extends StreamOperator<OUT> {
    public abstract void processElement(IN value, long timestamp) throws Exception;

    /**
     * Every channel whose records this input takes has ended. A one-input head then learns it
     * again from {@link #finish}; the inputs of a two-input operator pass it on as its {@code endInput}.
     */
    public void inputEnded() throws Exception {
    }
}
