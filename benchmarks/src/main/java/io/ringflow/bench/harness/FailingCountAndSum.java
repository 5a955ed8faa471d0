package io.ringflow.bench.harness;

import io.ringflow.api.functions.Collector;

/**
 * W4's keyed function: the common count/sum, which throws once, in the first attempt, when
 * {@link RecoveryProbe} says so, and reports to the probe when it opened and when it saw its
 * first record, so that the harness can time throw → first record after the restore.
 */
final class FailingCountAndSum extends Operators.CountAndSum implements io.ringflow.api.state.CheckpointListener {
    private static final long serialVersionUID = 1L;
    private transient long processed;

    @Override
    public void open() {
        super.open();
        RecoveryProbe.opened(System.nanoTime());
        processed = 0;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        RecoveryProbe.checkpointCompleted();
    }

    @Override
    public void processElement(Event event, Context ctx, Collector<KeyedCount> out) {
        if (processed == 0) {
            RecoveryProbe.firstRecord(System.nanoTime());
        }
        super.processElement(event, ctx, out);
        if (RecoveryProbe.processedOneShouldFail(++processed)) {
            throw new IllegalStateException("W4 injected failure after " + processed + " records");
        }
    }
}
