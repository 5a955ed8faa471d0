package io.ringflow.api.connector;

/**
 * Reads records on the source task's thread. {@link #pollNext} must not block: it emits what is
 * available (a few records at most) and says whether more is.
 */
public interface SourceReader<T> extends AutoCloseable {
    InputStatus pollNext(ReaderOutput<T> output) throws Exception;

    @Override
    default void close() throws Exception {
    }
}
