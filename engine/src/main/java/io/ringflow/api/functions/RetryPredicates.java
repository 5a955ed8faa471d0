package io.ringflow.api.functions;

import java.io.Serializable;
import java.util.Collection;
import java.util.function.Predicate;

/** Flink's RetryPredicates: the usual conditions of an {@link AsyncRetryStrategy}. */
public final class RetryPredicates {
    /** Retries an empty result (raw, as Flink's, so that it fits any result type). */
    @SuppressWarnings("rawtypes")
    public static final EmptyResultPredicate EMPTY_RESULT_PREDICATE = new EmptyResultPredicate<>();

    /** Retries every error. */
    public static final Predicate<Throwable> HAS_EXCEPTION_PREDICATE = (Predicate<Throwable> & Serializable) error -> true;

    private RetryPredicates() {
    }

    /** True for an empty result. */
    public static final class EmptyResultPredicate<T> implements Predicate<Collection<T>>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean test(Collection<T> result) {
            return result.isEmpty();
        }
    }

    /** Retries errors of {@code type} (or a subclass). */
    public static Predicate<Throwable> createExceptionTypePredicate(Class<? extends Throwable> type) {
        return (Predicate<Throwable> & Serializable) type::isInstance;
    }
}
