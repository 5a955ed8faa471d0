package io.ringflow.storage.log;

import org.agrona.DirectBuffer;

/** Receives the documents a {@link LogTailer} reads, on the reading thread. */
@FunctionalInterface
public interface LogDocumentHandler {
    /**
     * A record at queue index {@code index}. {@code payload} holds its {@code length} bytes from
     * offset 0 and is reused for the next document: decode or copy it before returning.
     */
    void onRecord(long index, long txnId, long timestamp, long appendTimeMs, DirectBuffer payload, int length);

    /** The commit of transaction {@code txnId}; ignored by default. */
    default void onCommit(long index, long txnId) {
    }
}
