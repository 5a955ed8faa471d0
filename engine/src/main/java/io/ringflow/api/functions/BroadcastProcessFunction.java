package io.ringflow.api.functions;

/**
 * A function over a non-keyed stream connected with a broadcast stream
 * ({@code stream.connect(other.broadcast(descriptors)).process(...)}), as in Flink: every subtask
 * sees every broadcast record and keeps the broadcast state in full.
 *
 * @param <IN1> records of the non-broadcast input
 * @param <IN2> records of the broadcast input
 * @param <OUT> output records
 */
public abstract class BroadcastProcessFunction<IN1, IN2, OUT> extends BaseBroadcastProcessFunction {
    private static final long serialVersionUID = 1L;

    /** A record of the non-broadcast input; the broadcast state is read-only here. */
    public abstract void processElement(IN1 value, ReadOnlyContext ctx, Collector<OUT> out) throws Exception;

    /** A record of the broadcast input, seen by every subtask; change the broadcast state only from what it holds. */
    public abstract void processBroadcastElement(IN2 value, Context ctx, Collector<OUT> out) throws Exception;
}
