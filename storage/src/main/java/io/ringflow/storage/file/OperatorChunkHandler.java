package io.ringflow.storage.file;

import org.agrona.DirectBuffer;

/** Receives operator (non-keyed) state chunks by name; the buffer is valid only during the call. */
@FunctionalInterface
public interface OperatorChunkHandler {
    void onChunk(String name, DirectBuffer buffer, int offset, int length);
}
