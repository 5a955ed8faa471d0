package io.ringflow.api.window;

/** A window of time {@code [start, end)} in epoch milliseconds. */
public record TimeWindow(long start, long end) {
    /** The last timestamp that belongs to the window; event-time windows fire when the watermark passes it. */
    public long maxTimestamp() {
        return end - 1;
    }

    /** Start of the tumbling window of {@code size} (shifted by {@code offset}) containing {@code timestamp}. */
    public static long windowStart(long timestamp, long offset, long size) {
        long remainder = (timestamp - offset) % size;
        return remainder < 0 ? timestamp - (remainder + size) : timestamp - remainder;
    }
}
