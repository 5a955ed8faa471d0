package io.ringflow.task;

import io.ringflow.api.connector.InputStatus;
import io.ringflow.operator.SourceOperator;

/** Pulls records from the source reader of a source chain. */
final class SourceInput implements TaskInput {
    private final SourceOperator<?> source;
    private final Backpressure backpressure;
    private boolean finished;

    SourceInput(SourceOperator<?> source, Backpressure backpressure) {
        this.source = source;
        this.backpressure = backpressure;
    }

    @Override
    public int process(int limit) throws Exception {
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

    /** Ends the input now, without the final watermark (stop with savepoint, no drain). */
    void stop() {
        source.stopWithoutDrain();
        finished = true;
    }
}
