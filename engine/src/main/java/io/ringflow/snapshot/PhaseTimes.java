package io.ringflow.snapshot;

import java.util.Arrays;

/**
 * When each phase of one task's part of one checkpoint happened, as {@link System#nanoTime()}
 * readings ({@link #NOT_REACHED} for a phase that did not happen). Filled on the task thread until
 * the snapshot is handed to the writer, then on the writer thread until the acknowledgement, then
 * read by the coordinator: one owner at a time, handed over through the writer's queue and the
 * coordinator's inbound queue.
 */
public final class PhaseTimes {
    public static final long NOT_REACHED = Long.MIN_VALUE;

    private String taskName = "task";
    /** A checkpoint triggered on this task directly (a source): when its mailbox ran the trigger. */
    long triggerSeen = NOT_REACHED;
    /** Per input channel: when its barrier's marker was first seen, and when every slot before it was consumed. */
    final long[] barrierVisible;
    final long[] barrierReached;
    long syncStart = NOT_REACHED;
    /** Operators snapshotted and barriers placed on every output. */
    long syncEnd = NOT_REACHED;
    /** Unaligned: every channel's in-flight records up to its barrier were captured. */
    long captureEnd = NOT_REACHED;
    long asyncStart = NOT_REACHED;
    long inFlightWritten = NOT_REACHED;
    long asyncEnd = NOT_REACHED;
    long acknowledged = NOT_REACHED;
    /** Start and end of each state or in-flight stream finished (a file: written out and, under durability flush, forced), in pairs. */
    private long[] streamFinishes = new long[0];

    public PhaseTimes(int inputChannels) {
        this.barrierVisible = filled(inputChannels);
        this.barrierReached = filled(inputChannels);
    }

    private static long[] filled(int length) {
        long[] times = new long[length];
        Arrays.fill(times, NOT_REACHED);
        return times;
    }

    public String taskName() {
        return taskName;
    }

    public void taskName(String name) {
        taskName = name;
    }

    public void triggerSeen(long nanos) {
        triggerSeen = nanos;
    }

    /** The first sighting counts: a marker is shown again after each poll until it is reached. */
    public void barrierVisible(int channel, long nanos) {
        if (barrierVisible[channel] == NOT_REACHED) {
            barrierVisible[channel] = nanos;
        }
    }

    public void barrierReached(int channel, long nanos) {
        if (barrierReached[channel] == NOT_REACHED) {
            barrierReached[channel] = nanos;
        }
    }

    public void sync(long startNanos, long endNanos) {
        syncStart = startNanos;
        syncEnd = endNanos;
    }

    public void captureEnd(long nanos) {
        captureEnd = nanos;
    }

    public void asyncStart(long nanos) {
        asyncStart = nanos;
    }

    public void inFlightWritten(long nanos) {
        inFlightWritten = nanos;
    }

    public void streamFinished(long startNanos, long endNanos) {
        long[] grown = Arrays.copyOf(streamFinishes, streamFinishes.length + 2);
        grown[grown.length - 2] = startNanos;
        grown[grown.length - 1] = endNanos;
        streamFinishes = grown;
    }

    public void asyncEnd(long nanos) {
        asyncEnd = nanos;
    }

    public void acknowledged(long nanos) {
        acknowledged = nanos;
    }

    public long syncStart() {
        return syncStart;
    }

    public long syncEnd() {
        return syncEnd;
    }

    public long triggerSeen() {
        return triggerSeen;
    }

    public long[] barrierVisible() {
        return barrierVisible.clone();
    }

    public long[] barrierReached() {
        return barrierReached.clone();
    }

    public long captureEnd() {
        return captureEnd;
    }

    public long asyncStart() {
        return asyncStart;
    }

    public long inFlightWritten() {
        return inFlightWritten;
    }

    public long asyncEnd() {
        return asyncEnd;
    }

    public long acknowledged() {
        return acknowledged;
    }

    public long[] streamFinishes() {
        return streamFinishes.clone();
    }
}
