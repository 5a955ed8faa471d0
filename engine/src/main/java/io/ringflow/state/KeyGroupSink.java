package io.ringflow.state;

import org.agrona.DirectBuffer;

/**
 * Receives a snapshot one key group at a time, in ascending key group order. The bytes are
 * valid only during the call: copy or write them out before returning.
 */
@FunctionalInterface
public interface KeyGroupSink {
    /** The encoded block of {@code keyGroup}: {@code length} bytes at {@code offset} of {@code block}. */
    void accept(int keyGroup, DirectBuffer block, int offset, int length);
}
