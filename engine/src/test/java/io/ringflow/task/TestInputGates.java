package io.ringflow.task;

import io.ringflow.api.codec.Codec;
import io.ringflow.channel.Channel;
import io.ringflow.checkpoint.BarrierHandler;
import io.ringflow.operator.OneInputOperator;

/** Opens the task's input gate to tests of the barrier handler, which drive it by hand. */
public final class TestInputGates {
    private TestInputGates() {
    }

    public static TaskInput withBarriers(Channel[] channels, Codec<?>[] codecs, OneInputOperator<?, ?> head,
                                         BarrierHandler barriers) {
        InputGate gate = new InputGate(channels, codecs, head, new Backpressure("test", new org.agrona.concurrent.NoOpIdleStrategy()));
        gate.setBarrierHandler(barriers);
        return gate;
    }
}
