package io.ringflow.barrier;

import io.ringflow.channel.Channel;
import io.ringflow.channel.SlotDescriptor;
import io.ringflow.storage.metadata.ChannelDescriptor;
import io.ringflow.storage.file.InFlightOutput;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The in-flight records of one input channel in an unaligned checkpoint: the slots after the
 * consumer's position when the task snapshotted, up to the channel's barrier. It never holds the
 * producer back while the barrier is still to come (that could stop the very producer that
 * must place it): until then the task copies each slot here before it consumes it. Once the
 * barrier is visible, the rest, from the consumer's position to the barrier, is held in the ring
 * and copied by the snapshot writer. A record spanning several slots is copied whole, at its
 * first slot: the capture's range starts and ends between records, so it holds all of a record or none.
 */
public final class InFlightCapture {
    private final Channel channel;
    private final ChannelDescriptor descriptor;
    private final ExpandableArrayBuffer consumedRecords = new ExpandableArrayBuffer(0); // length-prefixed, task thread
    private final long fromExclusive;
    private final Channel.InFlightSink appender = this::append;
    // reassembles records spanning slots: the task thread's copies, then the writer's, never at once
    private final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(0);
    private int consumedBytes;
    private int consumedCount;
    private long holdFrom;
    private volatile long toInclusive = Long.MIN_VALUE;
    private final AtomicBoolean released = new AtomicBoolean();
    private boolean held;

    /** On the task thread, at the consumer's position. */
    public InFlightCapture(Channel channel, ChannelDescriptor descriptor) {
        this.channel = channel;
        this.descriptor = descriptor;
        this.fromExclusive = channel.consumedSequence();
    }

    /** Task thread: the slot of {@code sequence} is being consumed before the barrier came. */
    public void copySlot(long sequence) {
        channel.copyRecords(sequence - 1, sequence, appender, scratch);
    }

    private void append(DirectBuffer buffer, int offset, int length) {
        consumedRecords.putInt(consumedBytes, length, ByteOrder.LITTLE_ENDIAN); // as InFlightSink.acceptFramed reads it
        consumedRecords.putBytes(consumedBytes + 4, buffer, offset, length);
        consumedBytes += 4 + length;
        consumedCount++;
    }

    /** Task thread: the barrier is at {@code position}; the slots up to it not yet consumed are held for the writer. */
    public void end(long position) {
        holdFrom = channel.consumedSequence();
        if (position > holdFrom) {
            channel.holdInFlightFrom(holdFrom);
            held = true;
        }
        toInclusive = Math.max(position, holdFrom);
    }

    public boolean isEnded() {
        return toInclusive != Long.MIN_VALUE;
    }

    public ChannelDescriptor descriptor() {
        return descriptor;
    }

    /** Appends the records to a checkpoint's in-flight stream: those the task copied in one piece. */
    public long writeTo(InFlightOutput out) {
        return writeTo(new Channel.InFlightSink() {
            @Override
            public void accept(DirectBuffer buffer, int offset, int length) {
                out.append(buffer, offset, length);
            }

            @Override
            public void acceptFramed(DirectBuffer buffer, int offset, int length, int records) {
                out.appendFramed(buffer, offset, length, records);
            }
        });
    }

    /** Records copied before the barrier was visible, then those still in the ring; their payload bytes. */
    public long writeTo(Channel.InFlightSink sink) {
        if (consumedCount > 0) {
            sink.acceptFramed(consumedRecords, 0, consumedBytes, consumedCount);
        }
        long bytes = consumedBytes - 4L * consumedCount;
        return bytes + channel.copyRecords(holdFrom, toInclusive, sink, scratch);
    }

    /** Records copied by the task before the barrier was visible. */
    public int copiedRecords() {
        return consumedCount;
    }

    public Channel channel() {
        return channel;
    }

    /** The consumer's position when the task snapshotted: the capture holds the records after it. */
    public long fromExclusive() {
        return fromExclusive;
    }

    public long holdFrom() {
        return holdFrom;
    }

    public long toInclusive() {
        return toInclusive;
    }

    /** Ends this capture's hold, once, from any thread: another capture may hold from the same sequence. */
    public void release() {
        if (held && released.compareAndSet(false, true)) {
            channel.releaseInFlight(holdFrom);
        }
    }
}
