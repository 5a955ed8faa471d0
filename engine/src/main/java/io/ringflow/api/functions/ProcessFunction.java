package io.ringflow.api.functions;

import io.ringflow.api.OutputTag;

/**
 * A non-keyed function that sees each record with its timestamp and the current watermark.
 *
 * @param <I> input records
 * @param <O> output records
 */
public abstract class ProcessFunction<I, O> extends RichFunction {
    private static final long serialVersionUID = 1L;

    public abstract void processElement(I value, Context ctx, Collector<O> out) throws Exception;

    /** Context of one record. */
    public interface Context {
        long timestamp();

        long currentWatermark();

        long currentProcessingTime();

        /** Emits {@code value} to the side output {@code outputTag}, with this record's timestamp. */
        <X> void output(OutputTag<X> outputTag, X value);
    }
}
