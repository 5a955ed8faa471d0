package io.ringflow.task;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.functions.KeySelector;
import io.ringflow.channel.Channel;
import io.ringflow.channel.SlotDescriptor;
import io.ringflow.graph.Partitioning;
import io.ringflow.operator.Output;
import io.ringflow.operator.Rethrow;
import io.ringflow.state.KeyGroups;

/**
 * The rings of one edge as seen by one upstream subtask: picks the target channel by the edge's
 * partitioning, encodes the record into its next slot, and waits while the ring is full.
 * Watermarks, idleness and end of input go to every channel.
 */
public final class NetworkOutput<T> implements Output<T> {
    private final Channel[] channels;
    private final Partitioning partitioning;
    private final KeySelector<T, ?> keySelector;
    private final Codec<T> codec;
    private final int maxParallelism;
    private final String where;
    private final Backpressure backpressure;
    private int nextChannel;

    public NetworkOutput(Channel[] channels, Partitioning partitioning, KeySelector<T, ?> keySelector, Codec<T> codec,
                         int maxParallelism, int subtaskIndex, String where, Backpressure backpressure) {
        this.channels = channels;
        this.partitioning = partitioning;
        this.keySelector = keySelector;
        this.codec = codec;
        this.maxParallelism = maxParallelism;
        this.where = where;
        this.backpressure = backpressure;
        this.nextChannel = subtaskIndex % channels.length;
    }

    @Override
    public void collect(T record, long timestamp) {
        Channel channel = channels[targetChannel(record)];
        if (!channel.tryWriteRecord(record, timestamp, codec, where)) {
            do {
                backpressure.await();
            } while (!channel.tryWriteRecord(record, timestamp, codec, where));
            backpressure.reset();
        }
    }

    private int targetChannel(T record) {
        switch (partitioning) {
            case FORWARD:
                return 0;
            case HASH:
                return KeyGroups.subtaskForKeyGroup(maxParallelism, channels.length,
                    KeyGroups.assignToKeyGroup(keyOf(record), maxParallelism));
            case REBALANCE:
                int target = nextChannel;
                nextChannel = target + 1 == channels.length ? 0 : target + 1;
                return target;
            default:
                throw new IllegalStateException("unknown partitioning " + partitioning);
        }
    }

    private Object keyOf(T record) {
        Object key;
        try {
            key = keySelector.getKey(record);
        } catch (Exception e) {
            throw Rethrow.unchecked(e);
        }
        if (key == null) {
            throw new NullPointerException("the keyBy selector after " + where + " returned a null key for record "
                + record + "; keys must be non-null: map records without a key to a default key or filter them out before keyBy");
        }
        return key;
    }

    @Override
    public void emitWatermark(long watermark) {
        broadcast(SlotDescriptor.TYPE_WATERMARK, watermark);
    }

    @Override
    public void emitIdle(boolean idle) {
        broadcast(idle ? SlotDescriptor.TYPE_IDLE : SlotDescriptor.TYPE_ACTIVE, SlotDescriptor.NO_TIMESTAMP);
    }

    /** Places checkpoint barrier markers on every channel, after the last record written. */
    public void emitBarrier(long checkpointId, boolean unaligned) {
        for (Channel channel : channels) {
            channel.emitBarrier(checkpointId, unaligned);
        }
    }

    public void endOfInput() {
        broadcast(SlotDescriptor.TYPE_END_OF_INPUT, SlotDescriptor.NO_TIMESTAMP);
    }

    /** Free slots in the fullest channel: how many records can be written without waiting. */
    public int minRemainingCapacity() {
        int min = Integer.MAX_VALUE;
        for (Channel channel : channels) {
            min = Math.min(min, channel.remainingCapacity());
        }
        return min;
    }

    void describe(StringBuilder out) {
        for (Channel channel : channels) {
            out.append("  out ").append(channel.describe()).append('\n');
        }
    }

    private void broadcast(int type, long timestamp) {
        for (Channel channel : channels) {
            if (!channel.tryWriteEvent(type, timestamp)) {
                do {
                    backpressure.await();
                } while (!channel.tryWriteEvent(type, timestamp));
                backpressure.reset();
            }
        }
    }
}
