package io.ringflow.operator;

/**
 * An operator of a chain, run on its task's thread only. Life cycle: {@link #setup},
 * {@link #open}, records and watermarks, {@link #finish} at end of input, {@link #close}.
 */
public abstract class StreamOperator<OUT> {
    protected OperatorContext context;
    protected Output<OUT> output;

    public void setup(OperatorContext context, Output<OUT> output) {
        this.context = context;
        this.output = output;
    }

    public void open() throws Exception {
    }

    public void processWatermark(long watermark) throws Exception {
        output.emitWatermark(watermark);
    }

    public void processIdle(boolean idle) {
        output.emitIdle(idle);
    }

    /** Called once when all input has ended, before downstream operators finish; may still emit. */
    public void finish() throws Exception {
    }

    /** Releases resources; called on every exit, also after failure or cancel. */
    public void close() throws Exception {
    }

    /**
     * The synchronous part of a checkpoint: pin this operator's state (copy-on-write, no
     * serialisation here). Null when the operator has no state.
     */
    public io.ringflow.snapshot.OperatorSnapshot snapshotState(long checkpointId) throws Exception {
        return null;
    }

    /**
     * True when this operator keeps a union list state: checkpoints are then taken only while
     * none or all of its subtasks finished (else a finished subtask's part would be lost).
     */
    public boolean usesUnionListState() {
        return false;
    }

    /** Checkpoint {@code checkpointId} is complete everywhere (two-phase-commit sinks commit here). */
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
    }

    /** Checkpoint {@code checkpointId} was given up. */
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
    }

    /** Fires processing-time work that is due. */
    public void onProcessingTime(long nowMs) throws Exception {
    }

    /** When {@link #onProcessingTime} next has work, or Long.MAX_VALUE. */
    public long nextProcessingTimeMs() {
        return Long.MAX_VALUE;
    }

    /**
     * Records this operator dropped as too late since it opened (Flink's {@code numLateRecordsDropped});
     * any thread reads it, for the task's and job's metrics.
     */
    public long numLateRecordsDropped() {
        return 0;
    }

    public OperatorContext context() {
        return context;
    }
}
