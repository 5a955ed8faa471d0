package io.ringflow.api.functions;

/**
 * What {@link RichFunction#open(OpenContext)} is given, as Flink 2's {@code OpenContext}: nothing
 * yet beyond the runtime context the function already has.
 */
public interface OpenContext {
    /** The context every function is opened with. */
    OpenContext DEFAULT = new OpenContext() {
    };
}
