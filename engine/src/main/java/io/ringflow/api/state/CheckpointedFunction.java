package io.ringflow.api.state;

/**
 * Implemented by a user function that keeps its own state in operator or keyed state stores and
 * wants to be told when to put its fields there.
 */
public interface CheckpointedFunction {
    /**
     * Called on the task thread when a checkpoint is taken: copy what the function keeps in
     * fields into its states. Keep it short; the encoding happens later on another thread.
     */
    void snapshotState(FunctionSnapshotContext context) throws Exception;

    /**
     * Called once before the first record, with the restored state when the job recovers:
     * register the states here and read them back if {@link FunctionInitializationContext#isRestored()}.
     */
    void initializeState(FunctionInitializationContext context) throws Exception;
}
