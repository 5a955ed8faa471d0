package io.ringflow.api.state;

/**
 * A single accumulator per key, into which every added element is folded by the descriptor's
 * {@link io.ringflow.api.functions.AggregateFunction}; reading gives the function's result.
 *
 * @param <IN> the type of the added elements
 * @param <OUT> the type of the result
 */
public interface AggregatingState<IN, OUT> extends State {
    /** The result for the current key's accumulator, or null when nothing was added. */
    OUT get();

    /** Adds {@code value} to the current key's accumulator (a new one when absent). */
    void add(IN value);
}
