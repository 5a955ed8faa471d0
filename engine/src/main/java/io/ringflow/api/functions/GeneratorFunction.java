package io.ringflow.api.functions;

/** Makes the record with a given sequence number; must be deterministic for replay. */
@FunctionalInterface
public interface GeneratorFunction<T> extends Function {
    T map(long sequence) throws Exception;
}
