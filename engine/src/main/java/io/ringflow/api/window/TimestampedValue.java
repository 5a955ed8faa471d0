package io.ringflow.api.window;

/**
 * A record of a window with its timestamp, as an evictor sees it (Flink's {@code TimestampedValue}).
 * A record that came without a timestamp (processing time, no watermark strategy) has none.
 */
public final class TimestampedValue<T> {
    /** What {@link #getTimestamp()} returns for a record without one; the engine's own marker. */
    public static final long NO_TIMESTAMP = Long.MIN_VALUE;

    private final T value;
    private final long timestamp;

    /** A value without a timestamp. */
    public TimestampedValue(T value) {
        this(value, NO_TIMESTAMP);
    }

    public TimestampedValue(T value, long timestamp) {
        this.value = value;
        this.timestamp = timestamp;
    }

    public T getValue() {
        return value;
    }

    /** The record's timestamp; {@link #NO_TIMESTAMP} when it has none ({@link #hasTimestamp()}). */
    public long getTimestamp() {
        return timestamp;
    }

    public boolean hasTimestamp() {
        return timestamp != NO_TIMESTAMP;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TimestampedValue<?> that && timestamp == that.timestamp
            && java.util.Objects.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Objects.hashCode(value) + Long.hashCode(timestamp);
    }

    @Override
    public String toString() {
        return hasTimestamp() ? "TimestampedValue(" + value + " @ " + timestamp + ")" : "TimestampedValue(" + value + ")";
    }
}
