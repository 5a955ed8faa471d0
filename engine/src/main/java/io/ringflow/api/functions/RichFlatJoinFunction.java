package io.ringflow.api.functions;

/** A window join's FlatJoinFunction with {@code open}, {@code close} and the runtime context of the window's subtask, as Flink's {@code RichFlatJoinFunction}. */
public abstract class RichFlatJoinFunction<IN1, IN2, OUT> extends RichFunction implements FlatJoinFunction<IN1, IN2, OUT> {
    private static final long serialVersionUID = 1L;
}
