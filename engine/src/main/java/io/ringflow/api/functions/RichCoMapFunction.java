package io.ringflow.api.functions;

/** Flink's RichCoMapFunction: a {@link CoMapFunction} with {@link RichFunction}'s life cycle and runtime context (state, subtask index). */
public abstract class RichCoMapFunction<IN1, IN2, OUT> extends RichFunction implements CoMapFunction<IN1, IN2, OUT> {
    private static final long serialVersionUID = 1L;
}
