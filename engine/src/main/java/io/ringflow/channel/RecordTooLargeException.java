package io.ringflow.channel;

/** A record's encoding does not fit in one ring slot. */
public final class RecordTooLargeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public RecordTooLargeException(String where, int encodedLength, int payloadCapacity, int slotSize) {
        super("record of " + (encodedLength < 0 ? "unknown size" : encodedLength + " bytes") + " emitted by " + where
            + " does not fit in a ring slot (" + payloadCapacity + " payload bytes of a " + slotSize
            + "-byte slot); raise the slot size with StreamEnvironment.setSlotSize(" + suggestedSlotSize(encodedLength)
            + ") or config key ringflow.channel.slot-size");
    }

    private static int suggestedSlotSize(int encodedLength) {
        int needed = Math.max(encodedLength + SlotDescriptor.HEADER_LENGTH, 64);
        return Integer.highestOneBit(needed - 1) << 1;
    }
}
