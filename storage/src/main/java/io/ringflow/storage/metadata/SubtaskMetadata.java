package io.ringflow.storage.metadata;

/**
 * One subtask of an operator in a checkpoint.
 *
 * @param subtask        the subtask index
 * @param keyGroups      the key groups it owned when the checkpoint was taken
 * @param state          its state stream, or null when it wrote no state
 * @param sourcePosition an opaque read position for sources, or null
 */
public record SubtaskMetadata(int subtask, KeyGroupRange keyGroups, StreamHandle state, byte[] sourcePosition) {
}
