package io.ringflow.storage.metadata;

import java.util.List;

/**
 * One subtask of an operator in a checkpoint.
 *
 * @param subtask        the subtask index
 * @param keyGroups      the key groups it owned when the checkpoint was taken
 * @param state          its state stream, or null when it wrote no state
 * @param sourcePosition an opaque read position for sources, or null
 * @param base           with incremental checkpoints, the shared state streams of earlier
 *                       checkpoints that {@code state} changes, oldest (a full one) first; keyed
 *                       state is their key groups applied in order, then {@code state}'s
 */
public record SubtaskMetadata(int subtask, KeyGroupRange keyGroups, StreamHandle state, byte[] sourcePosition,
                              List<StreamHandle> base) {
    public SubtaskMetadata {
        base = List.copyOf(base);
    }

    /** A subtask whose state stands alone. */
    public SubtaskMetadata(int subtask, KeyGroupRange keyGroups, StreamHandle state, byte[] sourcePosition) {
        this(subtask, keyGroups, state, sourcePosition, List.of());
    }

    /** The streams holding its keyed state, in the order they apply: the base, then its own. */
    public List<StreamHandle> keyedStreams() {
        if (state == null) {
            return base;
        }
        List<StreamHandle> all = new java.util.ArrayList<>(base);
        all.add(state);
        return all;
    }
}
