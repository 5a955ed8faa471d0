package io.ringflow.api.functions;

import java.io.Serializable;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Predicate;

/** Flink's AsyncRetryPredicate: the results and the errors an {@link AsyncRetryStrategy} retries. */
public interface AsyncRetryPredicate<OUT> extends Serializable {
    /** Results that call for another request (an empty one, say); empty for none. */
    Optional<Predicate<Collection<OUT>>> resultPredicate();

    /** Errors that call for another request; empty for none. */
    Optional<Predicate<Throwable>> exceptionPredicate();
}
