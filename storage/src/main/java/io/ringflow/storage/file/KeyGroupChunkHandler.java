package io.ringflow.storage.file;

import org.agrona.DirectBuffer;

/** Receives keyed state chunks; the buffer is valid only during the call. */
@FunctionalInterface
public interface KeyGroupChunkHandler {
    void onChunk(int keyGroup, DirectBuffer buffer, int offset, int length);
}
