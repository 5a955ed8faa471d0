package io.ringflow.api.state;

/**
 * Base of every keyed and operator state handle. A keyed state handle is scoped to the current
 * key of its backend: each call reads or writes the value of the key being processed.
 */
public interface State {
    /** Removes the value of the current key (or, for operator state, all elements). */
    void clear();
}
