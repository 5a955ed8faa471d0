package io.ringflow.storage.metadata;

/**
 * What the engine tells storage about an operator when a checkpoint completes: its uid and
 * parallelism. Key-group ranges of its subtasks follow from the two parallelisms.
 */
public record OperatorDescriptor(String uid, int parallelism, int maxParallelism) {
    public OperatorDescriptor {
        if (uid == null || uid.isEmpty() || parallelism < 1 || maxParallelism < parallelism) {
            throw new IllegalArgumentException("invalid operator '" + uid + "' with parallelism " + parallelism
                + " and max parallelism " + maxParallelism);
        }
    }
}
