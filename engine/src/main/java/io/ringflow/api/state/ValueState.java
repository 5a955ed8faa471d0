package io.ringflow.api.state;

/**
 * A single value per key.
 *
 * <p>A mutable value returned by {@link #value()} may be changed in place and stays the stored
 * value, but read it again with {@link #value()} after each checkpoint rather than keeping the
 * reference across records: a value shared with a running snapshot is copied on first access.
 *
 * @param <T> the type of the value
 */
public interface ValueState<T> extends State {
    /** The value of the current key, or the descriptor's default (null if none) when absent. */
    T value();

    /** Sets the value of the current key; {@code null} removes it, as {@link #clear()} does. */
    void update(T value);
}
