package io.ringflow.storage.file;

import org.agrona.DirectBuffer;

/** Receives in-flight records in channel order; the buffer is valid only during the call. */
@FunctionalInterface
public interface RecordHandler {
    void onRecord(DirectBuffer buffer, int offset, int length);
}
