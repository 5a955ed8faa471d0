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
    private final String alignmentGroup; // null: not aligned
    private final long maxAllowedDriftMs;
    private final long alignmentUpdateIntervalMs;

    private WatermarkStrategy(SerializableSupplier<WatermarkGenerator<T>> generatorFactory,
                              TimestampAssigner<T> timestampAssigner, long idleTimeoutMs) {
        this(generatorFactory, timestampAssigner, idleTimeoutMs, null, 0, 0);
    }

    private WatermarkStrategy(SerializableSupplier<WatermarkGenerator<T>> generatorFactory,
                              TimestampAssigner<T> timestampAssigner, long idleTimeoutMs, String alignmentGroup,
                              long maxAllowedDriftMs, long alignmentUpdateIntervalMs) {
        this.generatorFactory = generatorFactory;
        this.timestampAssigner = timestampAssigner;
        this.idleTimeoutMs = idleTimeoutMs;
        this.alignmentGroup = alignmentGroup;
        this.maxAllowedDriftMs = maxAllowedDriftMs;
        this.alignmentUpdateIntervalMs = alignmentUpdateIntervalMs;
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
        return new WatermarkStrategy<>(generatorFactory, assigner, idleTimeoutMs, alignmentGroup, maxAllowedDriftMs,
            alignmentUpdateIntervalMs);
    }

    /** A source subtask with no record for {@code timeout} is marked idle, so it holds no watermark back. */
    public WatermarkStrategy<T> withIdleness(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("idleness timeout must be > 0, got " + timeout);
        }
        return new WatermarkStrategy<>(generatorFactory, timestampAssigner, timeout.toMillis(), alignmentGroup,
            maxAllowedDriftMs, alignmentUpdateIntervalMs);
    }

    /** As {@link #withWatermarkAlignment(String, Duration, Duration)}, the group's minimum looked at at least every second. */
    public WatermarkStrategy<T> withWatermarkAlignment(String watermarkGroup, Duration maxAllowedWatermarkDrift) {
        return withWatermarkAlignment(watermarkGroup, maxAllowedWatermarkDrift, Duration.ofSeconds(1));
    }

    /**
     * Watermark alignment, as Flink's: the source subtasks of a job whose strategies name the same
     * {@code watermarkGroup} stop reading while their watermark is more than
     * {@code maxAllowedWatermarkDrift} ahead of the lowest watermark of the group's active subtasks
     * (idle and finished ones hold none back), so that a fast source does not run far ahead of a slow
     * one and fill the state of the windows and joins behind them. The group's minimum is looked at
     * again whenever a subtask's watermark passes the last bound, and at least every
     * {@code updateInterval}, and at every poll while paused.
     */
    public WatermarkStrategy<T> withWatermarkAlignment(String watermarkGroup, Duration maxAllowedWatermarkDrift,
                                                       Duration updateInterval) {
        if (watermarkGroup == null || watermarkGroup.isEmpty()) {
            throw new IllegalArgumentException("watermark alignment needs a group name");
        }
        if (maxAllowedWatermarkDrift.isNegative() || updateInterval.isNegative() || updateInterval.isZero()) {
            throw new IllegalArgumentException("watermark alignment needs a drift >= 0 and an update interval > 0, got "
                + maxAllowedWatermarkDrift + " and " + updateInterval);
        }
        return new WatermarkStrategy<>(generatorFactory, timestampAssigner, idleTimeoutMs, watermarkGroup,
            maxAllowedWatermarkDrift.toMillis(), updateInterval.toMillis());
    }

    /** The watermark alignment group, or null when the source is not aligned. */
    public String alignmentGroup() {
        return alignmentGroup;
    }

    public long maxAllowedDriftMs() {
        return maxAllowedDriftMs;
    }

    public long alignmentUpdateIntervalMs() {
        return alignmentUpdateIntervalMs;
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
