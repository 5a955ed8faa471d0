package io.ringflow.checkpoint;

import io.ringflow.snapshot.OperatorSnapshot;

import java.util.List;

/** What a task tells the coordinator, through its inbound queue; the coordinator reads nothing else of a task. */
public sealed interface TaskReport permits TaskReport.Started, TaskReport.InputEnded, TaskReport.Finished, TaskAcknowledgement {
    int taskIndex();

    /** The task opened its operators; {@code usesUnionListState} holds from now on. */
    record Started(int taskIndex, boolean usesUnionListState) implements TaskReport {
    }

    /** All input ended and every operator finished; the task still takes checkpoints until it finishes. */
    record InputEnded(int taskIndex) implements TaskReport {
    }

    /**
     * The task left its loop normally and takes no more checkpoints. The writer still acknowledges
     * every checkpoint up to {@code lastSubmittedCheckpointId}; later ones carry its {@code endPositions}
     * (a source's read positions at its end), so a restore does not read it again.
     */
    record Finished(int taskIndex, long lastSubmittedCheckpointId, List<OperatorSnapshot> endPositions) implements TaskReport {
    }
}
