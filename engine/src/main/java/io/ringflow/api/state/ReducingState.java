package io.ringflow.api.state;

/**
 * A single value per key, folded from every added element by the descriptor's
 * {@link io.ringflow.api.functions.ReduceFunction}.
 *
 * @param <T> the type of the elements and of the result
 */
public interface ReducingState<T> extends State {
    /** The reduced value of the current key, or null when nothing was added. */
    T get();

    /** Reduces {@code value} into the current key's value (or stores it when absent). */
    void add(T value);
}
