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
 * @param finished       its input had ended and its end-of-input work (a sink's last records) was
 *                       done before the checkpoint: a restore must not do it again
 */
public record SubtaskMetadata(int subtask, KeyGroupRange keyGroups, StreamHandle state, byte[] sourcePosition,
                              List<StreamHandle> base, boolean finished) {
    public SubtaskMetadata {
        base = List.copyOf(base);
    }

    /** A subtask whose input had not ended at the checkpoint. */
    public SubtaskMetadata(int subtask, KeyGroupRange keyGroups, StreamHandle state, byte[] sourcePosition,
                           List<StreamHandle> base) {
        this(subtask, keyGroups, state, sourcePosition, base, false);
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
