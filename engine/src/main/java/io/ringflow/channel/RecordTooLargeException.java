package io.ringflow.channel;

/** A record's encoding is larger than the largest record a ring takes ({@code ringflow.channel.max-record-size}). */
public final class RecordTooLargeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public RecordTooLargeException(String where, int encodedLength, int maxRecordSize, int payloadCapacity, int slotSize) {
        super("record of " + (encodedLength < 0 ? "over " + EncodedLength.MAX_MEASURED + " bytes (not measured further)"
            : encodedLength + " bytes") + " emitted by " + where + " is larger than the largest record a ring takes ("
            + maxRecordSize + " bytes, in slots of " + payloadCapacity + " payload bytes of a " + slotSize + "-byte slot); "
            + fix(encodedLength, maxRecordSize)
            + " (a record larger than a whole ring, ringflow.channel.ring-size x (slot-size - 16) bytes, crosses by reference)");
    }

    private static String fix(int encodedLength, int maxRecordSize) {
        long wanted = encodedLength < 0 ? 4L * Math.max(maxRecordSize, EncodedLength.MAX_MEASURED)
            : Long.highestOneBit(Math.max(encodedLength, 2) - 1L) << 1;
        if (encodedLength > Channel.MAX_MAX_RECORD_SIZE) {
            return "no ring takes a record over " + Channel.MAX_MAX_RECORD_SIZE + " bytes (1 GiB): make it smaller, e.g."
                + " split it, or keep the payload elsewhere and send a reference";
        }
        return "raise it with StreamEnvironment.setMaxRecordSize(" + Math.min(wanted, Channel.MAX_MAX_RECORD_SIZE)
            + ") or config key ringflow.channel.max-record-size";
    }
}
