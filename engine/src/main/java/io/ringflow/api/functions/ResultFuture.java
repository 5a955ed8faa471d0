package io.ringflow.api.functions;

import java.util.Collection;

/**
 * Flink's ResultFuture: how an {@link AsyncFunction} hands back the results of one input, from
 * any thread. The first call completes it; later calls are ignored.
 */
public interface ResultFuture<OUT> {
    /** The input's results, none to many; they are emitted with the input's timestamp. */
    void complete(Collection<OUT> result);

    /** The input failed: the job fails with {@code error} (and restarts as its strategy says). */
    void completeExceptionally(Throwable error);
}
