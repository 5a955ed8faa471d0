package io.ringflow.task;

import io.ringflow.api.codec.Codec;
import io.ringflow.channel.Channel;
import io.ringflow.barrier.BarrierHandler;
import io.ringflow.operator.OneInputOperator;

/** Opens the task's input gate to tests of the barrier handler, which drive it by hand. */
public final class TestInputGates {
    private TestInputGates() {
    }

    public static TaskInput withBarriers(Channel[] channels, Codec<?>[] codecs, OneInputOperator<?, ?> head,
                                         BarrierHandler barriers) {
        return withBarriers(channels, codecs, head, barriers, backpressure());
    }

    public static TaskInput withBarriers(Channel[] channels, Codec<?>[] codecs, OneInputOperator<?, ?> head,
                                         BarrierHandler barriers, Backpressure backpressure) {
        return new InputGate(channels, codecs, head, backpressure, barriers);
    }

    public static Backpressure backpressure() {
        return TestTasks.backpressure();
    }

    /** As an output does when a record goes to its overdraft: the gate stops before its next record. */
    public static void overdraw(Backpressure backpressure) {
        backpressure.overdrawn();
    }

    public static void drain(Backpressure backpressure) {
        backpressure.drained();
    }
}
