package io.ringflow.metrics;

/** {@code io.ringflow:type=Channel,job=NAME,channel=UP[i]->DOWN[j]}: one ring of the running attempt. */
public interface ChannelMXBean {
    /** Slots the producer published (records, watermarks and end-of-input markers). */
    long getPublished();

    /** Slots the consumer finished with. */
    long getConsumed();

    /** Slots published and not yet consumed. */
    long getFill();

    int getCapacity();

    /** Fill over capacity, 0 to 1. */
    double getFillRatio();
}
