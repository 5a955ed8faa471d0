package io.ringflow.task;

import io.ringflow.api.Clock;
import io.ringflow.checkpoint.CheckpointCoordinator.TaskReports;
import io.ringflow.operator.StreamOperator;
import io.ringflow.snapshot.SnapshotWriter;
import org.agrona.concurrent.IdleStrategy;

import java.util.List;

/** Builds a task without rings for tests that run one on a thread of their own. */
public final class TestTasks {
    private TestTasks() {
    }

    /** A source-like task (no barrier handler) reading {@code input}, snapshotting {@code operators}. */
    public static Task task(String name, int taskIndex, List<StreamOperator<?>> operators, TaskInput input,
                            SnapshotWriter writer, TaskReports reports, IdleStrategy idle, Clock clock,
                            Task.TaskListener listener) {
        return task(name, taskIndex, operators, input, writer, reports, idle, clock, false, listener);
    }

    /**
     * As {@link #task(String, int, List, TaskInput, SnapshotWriter, TaskReports, IdleStrategy, Clock, Task.TaskListener)},
     * staying after its end of input until a checkpoint taken after it completed when {@code waitForFinalCheckpoint}.
     */
    public static Task task(String name, int taskIndex, List<StreamOperator<?>> operators, TaskInput input,
                            SnapshotWriter writer, TaskReports reports, IdleStrategy idle, Clock clock,
                            boolean waitForFinalCheckpoint, Task.TaskListener listener) {
        CancelFlag cancelled = new CancelFlag();
        Mailbox mailbox = new Mailbox();
        TaskSnapshots snapshots = new TaskSnapshots(taskIndex, operators, List.of(), writer, mailbox);
        return new Task(new Task.Parts(name, taskIndex, operators, List.of(), input, null, mailbox, new TaskTimers(),
            snapshots, null, idle, Task.backpressure(name, idle, cancelled), cancelled), clock, reports, waitForFinalCheckpoint, listener);
    }

    public static Backpressure backpressure() {
        return new Backpressure("test", new org.agrona.concurrent.NoOpIdleStrategy(), new CancelFlag());
    }
}
