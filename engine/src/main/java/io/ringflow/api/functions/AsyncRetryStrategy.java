package io.ringflow.api.functions;

import java.io.Serializable;

/** Flink's AsyncRetryStrategy: whether and when an async request is made again ({@link AsyncRetryStrategies}). */
public interface AsyncRetryStrategy<OUT> extends Serializable {
    /** {@code currentAttempts}: the requests made so far for the input, from 1. */
    boolean canRetry(int currentAttempts);

    /** How long to wait before the next request. */
    long getBackoffTimeMillis(int currentAttempts);

    /** Which outcomes are retried. */
    AsyncRetryPredicate<OUT> getRetryPredicate();
}
