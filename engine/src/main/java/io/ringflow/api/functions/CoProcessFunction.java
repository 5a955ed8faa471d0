package io.ringflow.api.functions;

import io.ringflow.api.OutputTag;

/**
 * A function over two connected streams that sees each record with its timestamp and the
 * current watermark (the least of both inputs'), as {@link ProcessFunction} does for one.
 *
 * @param <IN1> records of the first input
 * @param <IN2> records of the second input
 * @param <OUT> output records
 */
public abstract class CoProcessFunction<IN1, IN2, OUT> extends RichFunction {
    private static final long serialVersionUID = 1L;

    public abstract void processElement1(IN1 value, Context ctx, Collector<OUT> out) throws Exception;

    public abstract void processElement2(IN2 value, Context ctx, Collector<OUT> out) throws Exception;

    /**
     * Input {@code inputId} (1 or 2) ended: every record of it was processed. Called once per input,
     * in the order they end, before the job's end; {@code out} emits without a timestamp. Flink tells
     * this only to operators ({@code BoundedMultiInput.endInput}); here the function hears it too,
     * e.g. to release what it held back until a side input was read in full.
     */
    public void endInput(int inputId, Collector<OUT> out) throws Exception {
    }

    /** Context of one record. */
    public interface Context {
        long timestamp();

        long currentWatermark();

        long currentProcessingTime();

        /** Emits {@code value} to the side output {@code outputTag}, with this record's timestamp. */
        <X> void output(OutputTag<X> outputTag, X value);
    }
}
