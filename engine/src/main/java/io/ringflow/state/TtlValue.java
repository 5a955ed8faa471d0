package io.ringflow.state;

/**
 * A keyed state value (a list element, a map value) with the processing time it was last
 * written, or read under {@code OnReadAndWrite}: what a state with a time-to-live stores.
 */
record TtlValue<T>(T value, long lastAccessMs) {
    /** Whether this value's time-to-live of {@code ttlMs} has passed at {@code nowMs}. */
    boolean expiredAt(long nowMs, long ttlMs) {
        // lastAccessMs + ttlMs without overflow: a TTL of years is Long.MAX_VALUE - ...
        return nowMs - lastAccessMs >= ttlMs;
    }
}
