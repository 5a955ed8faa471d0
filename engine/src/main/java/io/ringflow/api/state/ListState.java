package io.ringflow.api.state;

import java.util.List;

/**
 * A list of elements per key (keyed state) or per operator instance (operator state).
 *
 * @param <T> the type of the elements
 */
public interface ListState<T> extends State {
    /** The elements in insertion order; empty (never null) when there are none. */
    Iterable<T> get();

    /** Appends one element; null elements are rejected. */
    void add(T value);

    /** Appends all elements of {@code values} in order. */
    void addAll(List<T> values);

    /** Replaces all elements with {@code values}; an empty list clears the state. */
    void update(List<T> values);
}
