package io.ringflow.api.functions;

/** Flink's RichAsyncFunction: an {@link AsyncFunction} with {@link RichFunction}'s life cycle and runtime context (open a client, close it). */
public abstract class RichAsyncFunction<IN, OUT> extends RichFunction implements AsyncFunction<IN, OUT> {
    private static final long serialVersionUID = 1L;
}
