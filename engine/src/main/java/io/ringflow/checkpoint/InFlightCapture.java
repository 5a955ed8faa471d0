package io.ringflow.checkpoint;

import io.ringflow.channel.Channel;
import io.ringflow.storage.metadata.ChannelDescriptor;

/**
 * The in-flight records of one input channel in an unaligned checkpoint: the slots after the
 * consumer's position when the task snapshotted, up to the channel's barrier. The channel holds
 * them from being overwritten until the copy is done.
 */
public final class InFlightCapture {
    private final Channel channel;
    private final ChannelDescriptor descriptor;
    private final long fromExclusive;
    private volatile long toInclusive = Long.MIN_VALUE;
    private final java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();

    public InFlightCapture(Channel channel, ChannelDescriptor descriptor, long fromExclusive) {
        this.channel = channel;
        this.descriptor = descriptor;
        this.fromExclusive = fromExclusive;
        channel.holdInFlightFrom(fromExclusive);
    }

    /** The barrier arrived (or the channel ended) at {@code position}. */
    public void end(long position) {
        toInclusive = Math.max(position, fromExclusive);
    }

    public boolean isEnded() {
        return toInclusive != Long.MIN_VALUE;
    }

    public Channel channel() {
        return channel;
    }

    public ChannelDescriptor descriptor() {
        return descriptor;
    }

    public long fromExclusive() {
        return fromExclusive;
    }

    public long toInclusive() {
        return toInclusive;
    }

    /** Ends this capture's hold, once: another capture may hold from the same sequence. */
    public void release() {
        if (released.compareAndSet(false, true)) {
            channel.releaseInFlight(fromExclusive);
        }
    }
}
