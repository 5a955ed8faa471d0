package io.ringflow.task;

/** A task's cancel flag: raised from any thread by {@link Task#cancel()}, read by the task and wherever it waits. */
public final class CancelFlag {
    private volatile boolean raised;

    void raise() {
        raised = true;
    }

    boolean isRaised() {
        return raised;
    }
}
