package io.ringflow.task;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.functions.KeySelector;
import io.ringflow.channel.Channel;
import io.ringflow.channel.Overdraft;
import io.ringflow.channel.SlotDescriptor;
import io.ringflow.graph.Partitioning;
import io.ringflow.operator.Output;
import io.ringflow.operator.Rethrow;
import io.ringflow.state.KeyGroups;

/**
 * The rings of one edge as seen by one upstream subtask: picks the target channel by the edge's
 * partitioning and encodes the record into its next slot. An emit never waits for a full ring:
 * what does not fit goes to the channel's {@link Overdraft}, which the task drains from its loop
 * before it takes new input. Past {@link #MAX_OVERDRAFT_BYTES} on one channel (an emit of
 * hundreds of megabytes from one input) the emit waits for room. Watermarks, idleness, end of
 * input and barriers go to every channel, behind what waits in its overdraft.
 */
public final class NetworkOutput<T> implements Output<T> {
    static final int MAX_OVERDRAFT_BYTES = 64 << 20;

    private final Channel[] channels;
    private final Partitioning partitioning;
    private final KeySelector<T, ?> keySelector;
    private final Codec<T> codec;
    private final int maxParallelism;
    private final String where;
    private final Backpressure backpressure;
    private final Overdraft[] overdrafts;
    private int nextChannel;
    // RESCALE: the channels [rescaleFrom, rescaleFrom + rescaleCount) take this subtask's records
    private int rescaleFrom;
    private int rescaleCount = 1;
    private java.util.SplittableRandom random;

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
        this.overdrafts = new Overdraft[channels.length];
        for (int i = 0; i < channels.length; i++) {
            overdrafts[i] = new Overdraft(channels[i]);
        }
        if (partitioning == Partitioning.SHUFFLE) {
            random = new java.util.SplittableRandom();
        }
    }

    /**
     * For RESCALE: this output is upstream subtask {@code subtaskIndex} of {@code upstreamParallelism}.
     * Flink's pointwise pattern: with fewer upstream subtasks, subtask i feeds
     * [ceil(i·D/U), ceil((i+1)·D/U)); with more, downstream subtask j reads [floor(j·U/D), floor((j+1)·U/D)).
     */
    public NetworkOutput<T> rescaledFrom(int subtaskIndex, int upstreamParallelism) {
        int downstream = channels.length;
        int upstream = upstreamParallelism;
        if (downstream >= upstream) {
            rescaleFrom = (subtaskIndex * downstream + upstream - 1) / upstream;
            rescaleCount = ((subtaskIndex + 1) * downstream + upstream - 1) / upstream - rescaleFrom;
        } else {
            int reader = 0;
            while ((reader + 1) * upstream / downstream <= subtaskIndex) {
                reader++;
            }
            rescaleFrom = reader;
            rescaleCount = 1;
        }
        nextChannel = 0;
        return this;
    }

    @Override
    public void collect(T record, long timestamp) {
        if (partitioning == Partitioning.HASH) {
            collectHashed(record, timestamp);
        } else if (partitioning == Partitioning.FORWARD) {
            write(0, record, timestamp, SlotDescriptor.NO_KEY_GROUP);
        } else if (partitioning == Partitioning.REBALANCE) {
            write(nextRebalanced(), record, timestamp, SlotDescriptor.NO_KEY_GROUP);
        } else if (partitioning == Partitioning.SHUFFLE) {
            write(random.nextInt(channels.length), record, timestamp, SlotDescriptor.NO_KEY_GROUP);
        } else if (partitioning == Partitioning.RESCALE) {
            write(rescaleFrom + nextRescaled(), record, timestamp, SlotDescriptor.NO_KEY_GROUP);
        } else if (partitioning == Partitioning.GLOBAL) {
            write(0, record, timestamp, SlotDescriptor.NO_KEY_GROUP);
        } else if (partitioning == Partitioning.CUSTOM) {
            write(((io.ringflow.graph.CustomPartitioning<T, ?>) keySelector).subtaskOf(record, channels.length, where), record,
                timestamp, SlotDescriptor.NO_KEY_GROUP);
        } else {
            throw new IllegalStateException("a network output does not partition by " + partitioning);
        }
    }

    /** The key group routes the record and travels in its slot: the keyed task does not hash the key again. */
    private void collectHashed(T record, long timestamp) {
        int keyGroup = KeyGroups.assignToKeyGroup(keyOf(record), maxParallelism);
        write(KeyGroups.subtaskForKeyGroup(maxParallelism, channels.length, keyGroup), record, timestamp, keyGroup);
    }

    private int nextRebalanced() {
        int target = nextChannel;
        nextChannel = target + 1 == channels.length ? 0 : target + 1;
        return target;
    }

    private int nextRescaled() {
        int target = nextChannel;
        nextChannel = target + 1 == rescaleCount ? 0 : target + 1;
        return target;
    }

    private void write(int target, T record, long timestamp, int keyGroup) {
        Overdraft overdraft = overdrafts[target];
        if (overdraft.isEmpty() && channels[target].tryWriteRecord(record, timestamp, keyGroup, codec, where)) {
            return;
        }
        waitBelowLimit(overdraft);
        overdraft.appendRecord(record, timestamp, keyGroup, codec, where);
        backpressure.overdrawn();
    }

    private void waitBelowLimit(Overdraft overdraft) {
        if (overdraft.bytes() >= MAX_OVERDRAFT_BYTES) {
            do {
                backpressure.await();
                overdraft.drain();
            } while (overdraft.bytes() >= MAX_OVERDRAFT_BYTES);
            backpressure.reset();
        }
    }

    /** Moves overdrafts into their rings as far as they have room; returns the entries moved. */
    public int drainOverdrafts() {
        int moved = 0;
        for (Overdraft overdraft : overdrafts) {
            if (!overdraft.isEmpty()) {
                moved += overdraft.drain();
            }
        }
        return moved;
    }

    /** True when nothing waits in an overdraft. */
    public boolean isDrained() {
        for (Overdraft overdraft : overdrafts) {
            if (!overdraft.isEmpty()) {
                return false;
            }
        }
        return true;
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
        for (int i = 0; i < channels.length; i++) {
            if (overdrafts[i].isEmpty()) {
                channels[i].emitBarrier(checkpointId, unaligned);
            } else {
                overdrafts[i].appendBarrier(checkpointId, unaligned);
            }
        }
    }

    public void endOfInput() {
        broadcast(SlotDescriptor.TYPE_END_OF_INPUT, SlotDescriptor.NO_TIMESTAMP);
    }

    /** Free slots in the fullest channel: how many records can be written without an overdraft; 0 while one waits. */
    public int minRemainingCapacity() {
        int min = Integer.MAX_VALUE;
        for (int i = 0; i < channels.length; i++) {
            min = Math.min(min, overdrafts[i].isEmpty() ? channels[i].remainingCapacity() : 0);
        }
        return min;
    }

    void describe(StringBuilder out) {
        for (int i = 0; i < channels.length; i++) {
            out.append("  out ").append(channels[i].describe()).append(", overdraft ").append(overdrafts[i]).append('\n');
        }
    }

    private void broadcast(int type, long timestamp) {
        for (int i = 0; i < channels.length; i++) {
            Overdraft overdraft = overdrafts[i];
            if (!overdraft.isEmpty() || !channels[i].tryWriteEvent(type, timestamp)) {
                waitBelowLimit(overdraft);
                overdraft.appendEvent(type, timestamp);
                backpressure.overdrawn();
            }
        }
    }
}
