package io.ringflow.api.connector;

/**
 * Reads records on the source task's thread. {@link #pollNext} must not block: it emits what is
 * available (a few records at most) and says whether more is.
 */
public interface SourceReader<T> extends AutoCloseable {
    InputStatus pollNext(ReaderOutput<T> output) throws Exception;

    /**
     * The reader's position at a checkpoint (called on the task thread between records), so
     * that a restore replays exactly from there; null when the reader cannot replay.
     */
    default byte[] snapshotPosition(long checkpointId) {
        return null;
    }

    /** Continues from a position {@link #snapshotPosition} returned, before the first poll. */
    default void restorePosition(byte[] position) {
    }

    /** The checkpoint is complete everywhere. */
    default void notifyCheckpointComplete(long checkpointId) throws Exception {
    }

    @Override
    default void close() throws Exception {
    }
}
