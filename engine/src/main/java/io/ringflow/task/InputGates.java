package io.ringflow.task;

import io.ringflow.api.codec.Codec;
import io.ringflow.barrier.BarrierHandler;
import io.ringflow.channel.Channel;
import io.ringflow.operator.OneInputOperator;
import io.ringflow.operator.SourceOperator;
import io.ringflow.operator.StreamOperator;

/** Makes the input of a task: its rings, or its source reader. */
public final class InputGates {
    private InputGates() {
    }

    /** {@code barriers} may be null: a job without checkpoints has none to handle. */
    public static TaskInput channels(Channel[] channels, Codec<?>[] codecs, OneInputOperator<?, ?> head,
                                     Backpressure backpressure, BarrierHandler barriers) {
        return new InputGate(channels, codecs, head, backpressure, barriers);
    }

    /** A gate whose channel {@code c} hands its records to {@code recordInputs[c]}: an input of a two-input {@code head}. */
    public static TaskInput channels(Channel[] channels, Codec<?>[] codecs, StreamOperator<?> head,
                                     OneInputOperator<?, ?>[] recordInputs, Backpressure backpressure,
                                     BarrierHandler barriers) {
        return new InputGate(channels, codecs, head, recordInputs, backpressure, barriers);
    }

    public static TaskInput source(SourceOperator<?> source, Backpressure backpressure) {
        return new SourceInput(source, backpressure);
    }
}
