package io.ringflow.state.timer;

import io.ringflow.api.codec.Codec;
import io.ringflow.state.BlockReader;
import io.ringflow.storage.metadata.KeyGroupRange;
import io.ringflow.state.KeyGroups;
import org.agrona.DirectBuffer;

import java.util.Objects;

/**
 * Event-time and processing-time timers of one parallel instance, at most one per
 * (key, timestamp, domain). Event-time timers fire when the watermark passes them, in timestamp
 * order; processing-time timers when the task loop reports the wall clock past them
 * ({@link #nextProcessingTimeMs()} says how long it may sleep). Task thread only.
 *
 * @param <K> the key type
 */
public final class InternalTimerService<K> {
    private final Codec<K> keyCodec;
    private final int maxParallelism;
    private final KeyGroupRange range;
    private final TimerQueue<K> eventTime = new TimerQueue<>();
    private final TimerQueue<K> processingTime = new TimerQueue<>();
    private long currentWatermark = Long.MIN_VALUE;

    /**
     * @param keyCodec       encodes keys into snapshots
     * @param maxParallelism the job's number of key groups
     * @param range          the key groups this instance owns; timers of other keys are rejected
     */
    public InternalTimerService(Codec<K> keyCodec, int maxParallelism, KeyGroupRange range) {
        KeyGroups.checkMaxParallelism(maxParallelism);
        this.keyCodec = Objects.requireNonNull(keyCodec, "keyCodec");
        this.maxParallelism = maxParallelism;
        this.range = Objects.requireNonNull(range, "range");
    }

    /** Registers an event-time timer; false when the same one exists. */
    public boolean registerEventTimeTimer(K key, long timestamp) {
        return eventTime.add(key, timestamp, keyGroupOf(key));
    }

    /** Registers a processing-time timer at {@code timestampMs}; false when the same one exists. */
    public boolean registerProcessingTimeTimer(K key, long timestampMs) {
        return processingTime.add(key, timestampMs, keyGroupOf(key));
    }

    /** Deletes an event-time timer; false when there was none. */
    public boolean deleteEventTimeTimer(K key, long timestamp) {
        return eventTime.remove(key, timestamp);
    }

    /** Deletes a processing-time timer; false when there was none. */
    public boolean deleteProcessingTimeTimer(K key, long timestampMs) {
        return processingTime.remove(key, timestampMs);
    }

    /**
     * Moves the watermark to {@code watermark} and fires every event-time timer at or before it,
     * earliest first, including timers the callback registers at or before it.
     *
     * @return the number of timers fired
     */
    public int advanceWatermark(long watermark, TimerCallback<K> callback) {
        currentWatermark = watermark;
        return fire(eventTime, watermark, callback);
    }

    /**
     * Fires every processing-time timer at or before {@code nowMs}, earliest first.
     *
     * @return the number of timers fired
     */
    public int onProcessingTime(long nowMs, TimerCallback<K> callback) {
        return fire(processingTime, nowMs, callback);
    }

    /** When the earliest processing-time timer is due, or {@link Long#MAX_VALUE} when there is none. */
    public long nextProcessingTimeMs() {
        Timer<K> next = processingTime.peek();
        return next == null ? Long.MAX_VALUE : next.timestamp;
    }

    /** The last watermark passed to {@link #advanceWatermark}, or {@link Long#MIN_VALUE}. */
    public long currentWatermark() {
        return currentWatermark;
    }

    /** The number of registered event-time timers. */
    public int numEventTimeTimers() {
        return eventTime.size();
    }

    /** The number of registered processing-time timers. */
    public int numProcessingTimeTimers() {
        return processingTime.size();
    }

    /** Copies the timer references (O(timers), a memory copy); encoding happens later on any thread. */
    public TimerSnapshot<K> snapshot() {
        return new TimerSnapshot<>(keyCodec, range, eventTime.copyTimers(), processingTime.copyTimers());
    }

    /**
     * Registers the timers of one key group block that {@link TimerSnapshot#writeTo} produced.
     *
     * @throws IllegalArgumentException when the key group is outside this service's range
     * @throws IllegalStateException    when the block is corrupt
     */
    public void restoreKeyGroup(DirectBuffer block, int offset, int length) {
        BlockReader in = new BlockReader(block, offset, length, "timer block");
        in.expect(TimerBlockDescriptor.BEGIN_MARKER, "begin marker");
        int keyGroup = in.getInt();
        if (!range.contains(keyGroup)) {
            throw new IllegalArgumentException("cannot restore timers of key group " + keyGroup
                + " into a timer service of " + range);
        }
        restoreTimers(in, eventTime, keyGroup);
        restoreTimers(in, processingTime, keyGroup);
        in.expect(TimerBlockDescriptor.END_MARKER, "end marker");
    }

    private void restoreTimers(BlockReader in, TimerQueue<K> queue, int keyGroup) {
        int count = in.getInt();
        for (int i = 0; i < count; i++) {
            long timestamp = in.getLong();
            K key = in.getFramed(keyCodec);
            int actual = KeyGroups.assignToKeyGroup(key, maxParallelism);
            if (actual != keyGroup) {
                throw in.corrupt("timer key " + key + " was saved in key group " + keyGroup + " but hashes to "
                    + actual + ": its hashCode() must not change between runs");
            }
            queue.add(key, timestamp, keyGroup);
        }
    }

    private static <K> int fire(TimerQueue<K> queue, long upTo, TimerCallback<K> callback) {
        int fired = 0;
        for (Timer<K> next = queue.peek(); next != null && next.timestamp <= upTo; next = queue.peek()) {
            queue.poll();
            callback.onTimer(next.key, next.timestamp);
            fired++;
        }
        return fired;
    }

    private int keyGroupOf(K key) {
        int keyGroup = KeyGroups.assignToKeyGroup(key, maxParallelism);
        if (!range.contains(keyGroup)) {
            throw new IllegalArgumentException("timer key " + key + " is in key group " + keyGroup
                + ", outside this instance's " + range);
        }
        return keyGroup;
    }
}
