package io.ringflow.storage.metadata;

import java.util.List;

/** One operator of a checkpoint: uid, parallelisms and its subtasks in index order. */
public record OperatorMetadata(String uid, int parallelism, int maxParallelism, List<SubtaskMetadata> subtasks) {
    public OperatorMetadata {
        subtasks = List.copyOf(subtasks);
    }

    /** The subtask at {@code index}; throws naming the operator when out of range. */
    public SubtaskMetadata subtask(int index) {
        if (index < 0 || index >= subtasks.size()) {
            throw new IllegalArgumentException("operator " + uid + " has no subtask " + index + " (parallelism "
                + parallelism + ")");
        }
        return subtasks.get(index);
    }
}
