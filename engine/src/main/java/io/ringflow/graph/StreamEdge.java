package io.ringflow.graph;

import io.ringflow.api.functions.KeySelector;

/** A directed link between two nodes; {@code keySelector} is set for {@link Partitioning#HASH} edges. */
public record StreamEdge(StreamNode source, StreamNode target, Partitioning partitioning, KeySelector<?, ?> keySelector) {
    @Override
    public String toString() {
        return source.describe() + " -" + partitioning + "-> " + target.describe();
    }
}
