package io.ringflow.api;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.functions.AsyncFunction;
import io.ringflow.api.functions.AsyncRetryStrategies;
import io.ringflow.api.functions.AsyncRetryStrategy;
import io.ringflow.graph.ExecutionPlan;
import io.ringflow.graph.Operators;
import io.ringflow.graph.TypeExtraction;

import java.util.concurrent.TimeUnit;

/**
 * Flink's AsyncDataStream: enriches a stream with requests to an external system without
 * blocking the task on each one. {@code orderedWait} emits results in input order,
 * {@code unorderedWait} as requests complete (watermarks still order them: no result overtakes
 * a watermark). At most {@code capacity} requests are in flight per subtask; a request that does
 * not complete within {@code timeout} gets the function's {@code timeout} (by default the job
 * fails; a timeout of 0 or less means none). Inputs still in flight at a checkpoint are kept in it
 * and requested again after a restore, so every result is emitted once.
 */
public final class AsyncDataStream {
    /** Flink's default number of requests in flight per subtask. */
    public static final int DEFAULT_QUEUE_CAPACITY = 100;

    private AsyncDataStream() {
    }

    public static <IN, OUT> SingleOutputStreamOperator<OUT> orderedWait(DataStream<IN> in, AsyncFunction<IN, OUT> function,
                                                                        long timeout, TimeUnit timeUnit) {
        return orderedWait(in, function, timeout, timeUnit, DEFAULT_QUEUE_CAPACITY);
    }

    public static <IN, OUT> SingleOutputStreamOperator<OUT> orderedWait(DataStream<IN> in, AsyncFunction<IN, OUT> function,
                                                                        long timeout, TimeUnit timeUnit, int capacity) {
        return asyncWait(in, function, timeout, timeUnit, capacity, true);
    }

    public static <IN, OUT> SingleOutputStreamOperator<OUT> unorderedWait(DataStream<IN> in, AsyncFunction<IN, OUT> function,
                                                                          long timeout, TimeUnit timeUnit) {
        return unorderedWait(in, function, timeout, timeUnit, DEFAULT_QUEUE_CAPACITY);
    }

    public static <IN, OUT> SingleOutputStreamOperator<OUT> unorderedWait(DataStream<IN> in, AsyncFunction<IN, OUT> function,
                                                                          long timeout, TimeUnit timeUnit, int capacity) {
        return asyncWait(in, function, timeout, timeUnit, capacity, false);
    }

    /**
     * As {@link #orderedWait(DataStream, AsyncFunction, long, TimeUnit, int)}, making a request again
     * when its result or error matches {@code retryStrategy}'s predicates, after its backoff, as
     * often as it allows ({@link AsyncRetryStrategies}); the timeout covers all of an input's requests.
     */
    public static <IN, OUT> SingleOutputStreamOperator<OUT> orderedWaitWithRetry(DataStream<IN> in,
                                                                                 AsyncFunction<IN, OUT> function,
                                                                                 long timeout, TimeUnit timeUnit, int capacity,
                                                                                 AsyncRetryStrategy<OUT> retryStrategy) {
        return asyncWait(in, function, timeout, timeUnit, capacity, true, retryStrategy);
    }

    /** As {@link #orderedWaitWithRetry}, results emitted as they complete. */
    public static <IN, OUT> SingleOutputStreamOperator<OUT> unorderedWaitWithRetry(DataStream<IN> in,
                                                                                   AsyncFunction<IN, OUT> function,
                                                                                   long timeout, TimeUnit timeUnit,
                                                                                   int capacity,
                                                                                   AsyncRetryStrategy<OUT> retryStrategy) {
        return asyncWait(in, function, timeout, timeUnit, capacity, false, retryStrategy);
    }

    private static <IN, OUT> SingleOutputStreamOperator<OUT> asyncWait(DataStream<IN> in, AsyncFunction<IN, OUT> function,
                                                                       long timeout, TimeUnit timeUnit, int capacity,
                                                                       boolean ordered) {
        return asyncWait(in, function, timeout, timeUnit, capacity, ordered, null);
    }

    private static <IN, OUT> SingleOutputStreamOperator<OUT> asyncWait(DataStream<IN> in, AsyncFunction<IN, OUT> function,
                                                                       long timeout, TimeUnit timeUnit, int capacity,
                                                                       boolean ordered, AsyncRetryStrategy<OUT> retryStrategy) {
        String call = ordered ? "orderedWait" : "unorderedWait";
        if (in == null || function == null || timeUnit == null) {
            throw new InvalidJobException("AsyncDataStream." + call + " takes a stream, a function and a time unit, got "
                + (in == null ? "no stream" : function == null ? "no function" : "no time unit"));
        }
        if (capacity <= 0) {
            throw new InvalidJobException("AsyncDataStream." + call + " after " + in.node.describe() + ": capacity "
                + capacity + " must be at least 1 (Flink's default is " + DEFAULT_QUEUE_CAPACITY + ")");
        }
        // in-flight inputs go into checkpoints: their codec is needed now, with a clear error if there is none
        @SuppressWarnings("unchecked")
        Codec<IN> inputCodec = (Codec<IN>) ExecutionPlan.codecOfNode(in.node);
        long timeoutMs = timeout <= 0 ? 0 : Math.max(1, timeUnit.toMillis(timeout));
        return in.transform("Async Wait", TypeExtraction.typeArgument(function, AsyncFunction.class, 1),
            Operators.asyncWait(function, inputCodec, ordered, timeoutMs, capacity,
                retryStrategy == AsyncRetryStrategies.NO_RETRY_STRATEGY ? null : retryStrategy));
    }
}
