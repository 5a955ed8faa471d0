package io.ringflow.api.functions;

/** Extracts the key of a record; the key must be non-null and have stable equals/hashCode. */
@FunctionalInterface
public interface KeySelector<T, K> extends Function {
    K getKey(T value) throws Exception;
}
