package io.ringflow.channel;

/**
 * A ring entry: a flyweight that only knows where its bytes start in the channel's off-heap
 * buffer. The ring's bytes are the in-flight data, so capturing them is a memory copy.
 */
public final class Slot {
    final int offset;

    Slot(int offset) {
        this.offset = offset;
    }

    public int offset() {
        return offset;
    }
}
