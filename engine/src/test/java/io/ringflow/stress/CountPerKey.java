package io.ringflow.stress;

import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.KeyedProcessFunction;
import io.ringflow.api.state.CheckpointListener;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;

/**
 * The keyed operator: numbers each key's records 1, 2, 3, ... with the counter in keyed state,
 * so that the sink's output shows per key whether a record was lost, repeated or reordered
 * across checkpoints and restores.
 */
final class CountPerKey extends KeyedProcessFunction<Long, Long, Counted> implements CheckpointListener {
    private static final long serialVersionUID = 1L;
    private final boolean slow;
    private final Spin spin = new Spin();
    private transient ValueState<Long> count;

    CountPerKey(boolean slow) {
        this.slow = slow;
    }

    @Override
    public void open() {
        count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Codecs.LONG));
    }

    @Override
    public void processElement(Long value, Context ctx, Collector<Counted> out) throws Exception {
        Long previous = count.value();
        long next = previous == null ? 1 : previous + 1;
        count.update(next);
        if (slow) {
            spin.tick();
        }
        FailureInjector.maybeFail(FailureInjector.Site.KEYED, Probes.recordProcessed());
        out.collect(new Counted(ctx.getCurrentKey(), value, next));
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        Probes.checkpointNotified();
    }
}
