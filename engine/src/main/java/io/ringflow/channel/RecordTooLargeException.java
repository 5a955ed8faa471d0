package io.ringflow.channel;

/** A record's encoding is larger than the largest record a ring takes ({@code ringflow.channel.max-record-size}). */
public final class RecordTooLargeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public RecordTooLargeException(String where, int encodedLength, int maxRecordSize, int payloadCapacity, int slotSize) {
        super("record of " + (encodedLength < 0 ? "unknown size" : encodedLength + " bytes") + " emitted by " + where
            + " is larger than the largest record a ring takes (" + maxRecordSize + " bytes, in slots of " + payloadCapacity
            + " payload bytes of a " + slotSize + "-byte slot); raise it with StreamEnvironment.setMaxRecordSize("
            + suggested(encodedLength, maxRecordSize) + ") or config key ringflow.channel.max-record-size"
            + " (a ring must hold the largest record: ringflow.channel.ring-size x (slot-size - 16) bytes at least)");
    }

    private static int suggested(int encodedLength, int maxRecordSize) {
        if (encodedLength < 0) {
            return (int) Math.min(Integer.MAX_VALUE, 4L * maxRecordSize);
        }
        return Integer.highestOneBit(Math.max(encodedLength, 2) - 1) << 1;
    }
}
