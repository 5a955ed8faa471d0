package io.ringflow.operator;

/** Hands records straight to the next operator of the chain: a method call, no copy, no ring. */
public final class ChainingOutput<T> implements Output<T> {
    private final OneInputOperator<T, ?> next;

    public ChainingOutput(OneInputOperator<T, ?> next) {
        this.next = next;
    }

    @Override
    public void collect(T record, long timestamp) {
        try {
            next.processElement(record, timestamp);
        } catch (Exception e) {
            throw Rethrow.unchecked(e);
        }
    }

    @Override
    public void emitWatermark(long watermark) {
        try {
            next.processWatermark(watermark);
        } catch (Exception e) {
            throw Rethrow.unchecked(e);
        }
    }

    @Override
    public void emitIdle(boolean idle) {
        next.processIdle(idle);
    }
}
