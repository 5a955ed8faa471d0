package io.ringflow.api.functions;

import io.ringflow.api.OutputTag;

/**
 * Called for each pair of an interval join ({@code left.intervalJoin(right).between(lower, upper)}),
 * as in Flink: a left and a right record of one key whose timestamps satisfy
 * {@code left + lower <= right <= left + upper}.
 *
 * @param <IN1> left records
 * @param <IN2> right records
 * @param <OUT> output records
 */
public abstract class ProcessJoinFunction<IN1, IN2, OUT> extends RichFunction {
    private static final long serialVersionUID = 1L;

    public abstract void processElement(IN1 left, IN2 right, Context ctx, Collector<OUT> out) throws Exception;

    /** Context of one joined pair. */
    public interface Context {
        long getLeftTimestamp();

        long getRightTimestamp();

        /** The timestamp of the output: the greater of the two. */
        long getTimestamp();

        /** Emits {@code value} to the side output {@code outputTag}, with the pair's timestamp. */
        <X> void output(OutputTag<X> outputTag, X value);
    }
}
