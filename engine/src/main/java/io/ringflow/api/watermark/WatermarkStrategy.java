package io.ringflow.api.watermark;

import java.io.Serializable;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * How a source stamps records with event time and produces watermarks, as in Flink:
 * <pre>{@code
 * WatermarkStrategy.<Trade>forBoundedOutOfOrderness(Duration.ofMillis(200))
 *     .withTimestampAssigner((trade, ts) -> trade.timeMs())
 *     .withIdleness(Duration.ofSeconds(5))
 * }</pre>
 */
public final class WatermarkStrategy<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final SerializableSupplier<WatermarkGenerator<T>> generatorFactory;
    private final TimestampAssigner<T> timestampAssigner;
    private final long idleTimeoutMs;

    private WatermarkStrategy(SerializableSupplier<WatermarkGenerator<T>> generatorFactory,
                              TimestampAssigner<T> timestampAssigner, long idleTimeoutMs) {
        this.generatorFactory = generatorFactory;
        this.timestampAssigner = timestampAssigner;
        this.idleTimeoutMs = idleTimeoutMs;
    }

    /** No event time: records keep no timestamp and no watermark is emitted (except the final one). */
    public static <T> WatermarkStrategy<T> noWatermarks() {
        return new WatermarkStrategy<>(null, null, 0);
    }

    /** Timestamps never go backwards. */
    public static <T> WatermarkStrategy<T> forMonotonousTimestamps() {
        return forBoundedOutOfOrderness(Duration.ZERO);
    }

    /** Records may arrive up to {@code maxOutOfOrderness} late relative to the highest timestamp seen. */
    public static <T> WatermarkStrategy<T> forBoundedOutOfOrderness(Duration maxOutOfOrderness) {
        long ms = maxOutOfOrderness.toMillis();
        return new WatermarkStrategy<>(() -> new BoundedOutOfOrdernessWatermarks<>(ms), null, 0);
    }

    /** A custom generator, one per source subtask. */
    public static <T> WatermarkStrategy<T> forGenerator(SerializableSupplier<WatermarkGenerator<T>> factory) {
        return new WatermarkStrategy<>(factory, null, 0);
    }

    public WatermarkStrategy<T> withTimestampAssigner(TimestampAssigner<T> assigner) {
        return new WatermarkStrategy<>(generatorFactory, assigner, idleTimeoutMs);
    }

    /** A source subtask with no record for {@code timeout} is marked idle, so it holds no watermark back. */
    public WatermarkStrategy<T> withIdleness(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("idleness timeout must be > 0, got " + timeout);
        }
        return new WatermarkStrategy<>(generatorFactory, timestampAssigner, timeout.toMillis());
    }

    /** Null when the strategy emits no watermarks. */
    public WatermarkGenerator<T> createGenerator() {
        return generatorFactory == null ? null : generatorFactory.get();
    }

    /** Null when records keep the timestamp their source gave them. */
    public TimestampAssigner<T> timestampAssigner() {
        return timestampAssigner;
    }

    /** 0 when idleness detection is off. */
    public long idleTimeoutMs() {
        return idleTimeoutMs;
    }

    /** A supplier that can travel with the job description. */
    @FunctionalInterface
    public interface SerializableSupplier<V> extends Supplier<V>, Serializable {
    }
}
