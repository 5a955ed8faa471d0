package io.ringflow.operator;

/** An operator that consumes one stream of records. */
public abstract class OneInputOperator<IN, OUT> extends StreamOperator<OUT> {
    public abstract void processElement(IN value, long timestamp) throws Exception;

    /**
     * A record that came with the key group its producer routed it by (or {@code -1}): a keyed
     * operator takes it instead of hashing the key again; others ignore it.
     */
    public void processElement(IN value, long timestamp, int keyGroup) throws Exception {
        processElement(value, timestamp);
    }

    /**
     * Every channel whose records this input takes has ended. A one-input head then learns it
     * again from {@link #finish}; the inputs of a two-input operator pass it on as its {@code endInput}.
     */
    public void inputEnded() throws Exception {
    }
}
