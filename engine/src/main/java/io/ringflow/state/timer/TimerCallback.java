package io.ringflow.state.timer;

/**
 * Called on the task thread for each firing timer. It may register and delete timers,
 * including ones that fire in the same advance.
 *
 * @param <K> the key type
 */
@FunctionalInterface
public interface TimerCallback<K> {
    /** The timer of {@code key} at {@code timestamp} fires. */
    void onTimer(K key, long timestamp);
}
