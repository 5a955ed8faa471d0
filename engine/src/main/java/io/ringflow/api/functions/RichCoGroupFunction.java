package io.ringflow.api.functions;

/** A window coGroup's CoGroupFunction with {@code open}, {@code close} and the runtime context of the window's subtask, as Flink's {@code RichCoGroupFunction}. */
public abstract class RichCoGroupFunction<IN1, IN2, OUT> extends RichFunction implements CoGroupFunction<IN1, IN2, OUT> {
    private static final long serialVersionUID = 1L;
}
