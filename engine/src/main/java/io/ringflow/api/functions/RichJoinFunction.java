package io.ringflow.api.functions;

/** A window join's JoinFunction with {@code open}, {@code close} and the runtime context of the window's subtask, as Flink's {@code RichJoinFunction}. */
public abstract class RichJoinFunction<IN1, IN2, OUT> extends RichFunction implements JoinFunction<IN1, IN2, OUT> {
    private static final long serialVersionUID = 1L;
}
