package io.ringflow.api.functions;

/** Flink's RichCoFlatMapFunction: a {@link CoFlatMapFunction} with {@link RichFunction}'s life cycle and runtime context (state, subtask index). */
public abstract class RichCoFlatMapFunction<IN1, IN2, OUT> extends RichFunction implements CoFlatMapFunction<IN1, IN2, OUT> {
    private static final long serialVersionUID = 1L;
}
