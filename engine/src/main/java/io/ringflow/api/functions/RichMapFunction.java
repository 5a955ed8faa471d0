package io.ringflow.api.functions;

/** Flink's RichMapFunction: a {@link MapFunction} with {@link RichFunction}'s life cycle and runtime context (state, subtask index). */
public abstract class RichMapFunction<T, R> extends RichFunction implements MapFunction<T, R> {
    private static final long serialVersionUID = 1L;
}
