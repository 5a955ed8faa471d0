package io.ringflow.task;

import io.ringflow.api.connector.InputStatus;
import io.ringflow.operator.SourceOperator;

/** Pulls records from the source reader of a source chain. */
final class SourceInput implements TaskInput {
    private final SourceOperator<?> source;
    private final Backpressure backpressure;
    private boolean finished;
    private long pausedFor = -1; // the stop-with-savepoint this source took, until it completes or is aborted

    SourceInput(SourceOperator<?> source, Backpressure backpressure) {
        this.source = source;
        this.backpressure = backpressure;
    }

    @Override
    public int process(int limit) throws Exception {
        if (pausedFor >= 0) {
            return 0;
        }
        int polls = 0;
        while (polls < limit && !backpressure.isOverdrawn()) {
            InputStatus status = source.emitNext();
            if (status == InputStatus.END_OF_INPUT) {
                finished = true;
                return polls + 1;
            }
            if (status == InputStatus.NOTHING_AVAILABLE) {
                return polls;
            }
            polls++;
        }
        return polls;
    }

    @Override
    public boolean isFinished() {
        return finished;
    }

    /**
     * Took stop-with-savepoint {@code checkpointId}: reads nothing more until it completes
     * ({@link #stop}) or is aborted ({@link #resumeAfterAbort}), as a synchronous savepoint in Flink.
     */
    void pauseFor(long checkpointId) {
        pausedFor = checkpointId;
    }

    /** The savepoint this source paused for was given up: the job goes on, and so does the source. */
    void resumeAfterAbort(long checkpointId) {
        if (pausedFor == checkpointId) {
            pausedFor = -1;
        }
    }

    /** Ends the input now, without the final watermark (its stop-with-savepoint completed, no drain). */
    void stop() {
        source.stopWithoutDrain();
        finished = true;
    }
}
