package io.ringflow.channel;

/**
 * A checkpoint barrier beside a ring: checkpoint {@code checkpointId} sits right after the slot
 * of sequence {@code position}. It needs no slot, so it passes a full ring.
 */
public record BarrierMarker(long checkpointId, long position, boolean unaligned) {
}
