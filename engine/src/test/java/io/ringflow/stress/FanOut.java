package io.ringflow.stress;

import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.FlatMapFunction;

/** Turns input {@code n} into the values {@code n·f .. n·f + f-1}: every output is distinct, so each can be checked. */
final class FanOut implements FlatMapFunction<Long, Long> {
    private static final long serialVersionUID = 1L;
    private final int factor;

    FanOut(int factor) {
        this.factor = factor;
    }

    @Override
    public void flatMap(Long input, Collector<Long> out) {
        for (int i = 0; i < factor; i++) {
            out.collect(input * factor + i);
        }
    }
}
