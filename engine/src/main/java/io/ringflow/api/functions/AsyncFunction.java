package io.ringflow.api.functions;

import java.util.concurrent.TimeoutException;

/**
 * Flink's AsyncFunction, for {@link io.ringflow.api.AsyncDataStream}: starts a request for each
 * input and returns at once; the request completes the {@link ResultFuture} later, from any
 * thread (a client's callback). Inputs whose request has not completed are kept in checkpoints
 * and requested again after a restore, so each input's results are emitted once.
 */
@FunctionalInterface
public interface AsyncFunction<IN, OUT> extends Function {
    /** Starts the request for {@code input}; must not block. */
    void asyncInvoke(IN input, ResultFuture<OUT> resultFuture) throws Exception;

    /**
     * The request for {@code input} did not complete within the timeout. By default the job fails
     * with a {@link TimeoutException}; override to complete {@code resultFuture} with a fallback.
     */
    default void timeout(IN input, ResultFuture<OUT> resultFuture) throws Exception {
        resultFuture.completeExceptionally(new TimeoutException("Async function call has timed out for input " + input));
    }
}
