package io.ringflow.graph;

import io.ringflow.api.functions.KeySelector;

/**
 * A directed link between two nodes; {@code keySelector} is set for {@link Partitioning#HASH} edges.
 * {@code inputNumber} is the logical input of the target the edge feeds: 1, or 2 for the second
 * stream of a two-input operator ({@code connect}); a union feeding one side gives it several edges.
 */
public record StreamEdge(StreamNode source, StreamNode target, Partitioning partitioning, KeySelector<?, ?> keySelector,
                         int inputNumber) {
    public StreamEdge {
        if (inputNumber != 1 && inputNumber != 2) {
            throw new IllegalArgumentException("an edge feeds input 1 or 2 of its target, got " + inputNumber);
        }
    }

    /** An edge into the first (or only) input of its target. */
    public StreamEdge(StreamNode source, StreamNode target, Partitioning partitioning, KeySelector<?, ?> keySelector) {
        this(source, target, partitioning, keySelector, 1);
    }

    @Override
    public String toString() {
        return source.describe() + " -" + partitioning + "-> " + target.describe() + (inputNumber == 2 ? " (input 2)" : "");
    }
}
