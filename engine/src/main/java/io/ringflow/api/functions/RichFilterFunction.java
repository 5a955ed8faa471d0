package io.ringflow.api.functions;

/** Flink's RichFilterFunction: a {@link FilterFunction} with {@link RichFunction}'s life cycle and runtime context (state, subtask index). */
public abstract class RichFilterFunction<T> extends RichFunction implements FilterFunction<T> {
    private static final long serialVersionUID = 1L;
}
