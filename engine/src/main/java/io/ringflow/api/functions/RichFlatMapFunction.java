package io.ringflow.api.functions;

/** Flink's RichFlatMapFunction: a {@link FlatMapFunction} with {@link RichFunction}'s life cycle and runtime context (state, subtask index). */
public abstract class RichFlatMapFunction<T, R> extends RichFunction implements FlatMapFunction<T, R> {
    private static final long serialVersionUID = 1L;
}
