package io.ringflow.metrics;

import io.ringflow.channel.Channel;

/** Reads a ring's producer cursor and consumer sequence: records per channel at no cost to its threads. */
final class ChannelMetrics implements ChannelMXBean {
    private final Channel channel;

    ChannelMetrics(Channel channel) {
        this.channel = channel;
    }

    @Override
    public long getPublished() {
        return channel.publishedSequence() + 1;
    }

    @Override
    public long getConsumed() {
        return channel.consumedSequence() + 1;
    }

    @Override
    public long getFill() {
        return fill(channel);
    }

    @Override
    public int getCapacity() {
        return channel.ringSize();
    }

    @Override
    public double getFillRatio() {
        return (double) fill(channel) / channel.ringSize();
    }

    /** Published minus consumed, read racily: the consumer may be read first, so never below 0. */
    static long fill(Channel channel) {
        long consumed = channel.consumedSequence();
        return Math.max(0, channel.publishedSequence() - consumed);
    }
}
