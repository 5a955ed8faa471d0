package io.ringflow.api.functions;

import java.io.Serializable;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Predicate;

/** Flink's AsyncRetryStrategies: no retry, a fixed delay, or a delay growing exponentially. */
public final class AsyncRetryStrategies {
    /** Never retries. */
    @SuppressWarnings("rawtypes")
    public static final AsyncRetryStrategy NO_RETRY_STRATEGY = new Strategy<>(0, attempt -> 0L, null, null);

    private AsyncRetryStrategies() {
    }

    /** Up to {@code maxAttempts} retries, each {@code backoffTimeMillis} after the last outcome. */
    public static final class FixedDelayRetryStrategyBuilder<OUT> {
        private Predicate<Collection<OUT>> resultPredicate;
        private Predicate<Throwable> exceptionPredicate;
        private final int maxAttempts;
        private final long backoffTimeMillis;

        public FixedDelayRetryStrategyBuilder(int maxAttempts, long backoffTimeMillis) {
            if (maxAttempts < 1 || backoffTimeMillis < 0) {
                throw new IllegalArgumentException("a retry strategy needs maxAttempts >= 1 and a backoff >= 0 ms, got "
                    + maxAttempts + " and " + backoffTimeMillis);
            }
            this.maxAttempts = maxAttempts;
            this.backoffTimeMillis = backoffTimeMillis;
        }

        /** Retries a result {@code resultRetryPredicate} accepts (the concrete type returned: a raw predicate keeps it). */
        public FixedDelayRetryStrategyBuilder<OUT> ifResult(Predicate<Collection<OUT>> resultRetryPredicate) {
            this.resultPredicate = resultRetryPredicate;
            return this;
        }

        /** Retries an error {@code exceptionRetryPredicate} accepts. */
        public FixedDelayRetryStrategyBuilder<OUT> ifException(Predicate<Throwable> exceptionRetryPredicate) {
            this.exceptionPredicate = exceptionRetryPredicate;
            return this;
        }

        public AsyncRetryStrategy<OUT> build() {
            long backoff = backoffTimeMillis;
            return new Strategy<>(maxAttempts, (Backoff) attempt -> backoff, resultPredicate, exceptionPredicate);
        }
    }

    /** Up to {@code maxAttempts} retries, the delay starting at {@code initialDelay} and multiplied by {@code multiplier} up to {@code maxRetryDelay}. */
    public static final class ExponentialBackoffDelayRetryStrategyBuilder<OUT> {
        private Predicate<Collection<OUT>> resultPredicate;
        private Predicate<Throwable> exceptionPredicate;
        private final int maxAttempts;
        private final long initialDelay;
        private final long maxRetryDelay;
        private final double multiplier;

        public ExponentialBackoffDelayRetryStrategyBuilder(int maxAttempts, long initialDelay, long maxRetryDelay,
                                                           double multiplier) {
            if (maxAttempts < 1 || initialDelay < 0 || maxRetryDelay < initialDelay || multiplier < 1) {
                throw new IllegalArgumentException("an exponential retry strategy needs maxAttempts >= 1, 0 <= initialDelay"
                    + " <= maxRetryDelay and a multiplier >= 1, got " + maxAttempts + ", " + initialDelay + ", "
                    + maxRetryDelay + ", " + multiplier);
            }
            this.maxAttempts = maxAttempts;
            this.initialDelay = initialDelay;
            this.maxRetryDelay = maxRetryDelay;
            this.multiplier = multiplier;
        }

        /** Retries a result {@code resultRetryPredicate} accepts (the concrete type returned: a raw predicate keeps it). */
        public ExponentialBackoffDelayRetryStrategyBuilder<OUT> ifResult(Predicate<Collection<OUT>> resultRetryPredicate) {
            this.resultPredicate = resultRetryPredicate;
            return this;
        }

        /** Retries an error {@code exceptionRetryPredicate} accepts. */
        public ExponentialBackoffDelayRetryStrategyBuilder<OUT> ifException(Predicate<Throwable> exceptionRetryPredicate) {
            this.exceptionPredicate = exceptionRetryPredicate;
            return this;
        }

        public AsyncRetryStrategy<OUT> build() {
            long initial = initialDelay;
            long max = maxRetryDelay;
            double factor = multiplier;
            return new Strategy<>(maxAttempts,
                (Backoff) attempt -> (long) Math.min(max, initial * Math.pow(factor, attempt - 1)), resultPredicate,
                exceptionPredicate);
        }
    }

    /** The delay before the retry after attempt {@code n}. */
    private interface Backoff extends Serializable {
        long after(int attempt);
    }

    private static final class Strategy<OUT> implements AsyncRetryStrategy<OUT>, AsyncRetryPredicate<OUT> {
        private static final long serialVersionUID = 1L;
        private final int maxAttempts;
        private final Backoff backoff;
        private final Predicate<Collection<OUT>> resultPredicate;
        private final Predicate<Throwable> exceptionPredicate;

        Strategy(int maxAttempts, Backoff backoff, Predicate<Collection<OUT>> resultPredicate,
                 Predicate<Throwable> exceptionPredicate) {
            this.maxAttempts = maxAttempts;
            this.backoff = backoff;
            this.resultPredicate = resultPredicate;
            this.exceptionPredicate = exceptionPredicate;
        }

        @Override
        public boolean canRetry(int currentAttempts) {
            return currentAttempts <= maxAttempts; // as Flink's: maxAttempts retries after the first request
        }

        @Override
        public long getBackoffTimeMillis(int currentAttempts) {
            return backoff.after(currentAttempts);
        }

        @Override
        public AsyncRetryPredicate<OUT> getRetryPredicate() {
            return this;
        }

        @Override
        public Optional<Predicate<Collection<OUT>>> resultPredicate() {
            return Optional.ofNullable(resultPredicate);
        }

        @Override
        public Optional<Predicate<Throwable>> exceptionPredicate() {
            return Optional.ofNullable(exceptionPredicate);
        }
    }
}
