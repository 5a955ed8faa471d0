package io.ringflow.operator;

import io.ringflow.api.codec.Codec;

/**
 * Hands records straight to the next operator of the chain: a method call, no ring; a copy made
 * with {@code copier} unless it is null (immutable records, or object reuse enabled).
 */
public final class ChainingOutput<T> implements Output<T> {
    private final OneInputOperator<T, ?> next;
    private final Codec<T> copier;

    public ChainingOutput(OneInputOperator<T, ?> next) {
        this(next, null);
    }

    public ChainingOutput(OneInputOperator<T, ?> next, Codec<T> copier) {
        this.next = next;
        this.copier = copier;
    }

    @Override
    public void collect(T record, long timestamp) {
        try {
            next.processElement(copier == null || record == null ? record : copier.copy(record), timestamp);
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
