package io.ringflow.operator;

import io.ringflow.api.codec.Codec;

/**
 * A {@link ChainingOutput} that hands the next operator a copy of each record, made with the
 * stream's codec: without object reuse, for records of a mutable type, as Flink's
 * {@code CopyingChainingOutput}. A class apart, so the plain chained call stays as it was.
 */
public final class CopyingChainingOutput<T> implements Output<T> {
    private final ChainingOutput<T> chained;
    private final Codec<T> codec;

    public CopyingChainingOutput(OneInputOperator<T, ?> next, Codec<T> codec) {
        this.chained = new ChainingOutput<>(next);
        this.codec = codec;
    }

    @Override
    public void collect(T record, long timestamp) {
        chained.collect(codec.copy(record), timestamp);
    }

    @Override
    public void emitWatermark(long watermark) {
        chained.emitWatermark(watermark);
    }

    @Override
    public void emitIdle(boolean idle) {
        chained.emitIdle(idle);
    }
}
