package io.ringflow.channel;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import io.ringflow.api.codec.Codec;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * One single-producer single-consumer link between an upstream and a downstream subtask: a
 * Disruptor ring whose slots are flyweights over one off-heap buffer.
 *
 * <pre>
 *   producer task ──tryClaim/encode/publish──► [ ring of slots over off-heap bytes ] ──poll──► consumer task
 * </pre>
 * The producer never blocks here: a full ring is reported to the caller, which idles while it
 * keeps serving its mailbox. Nobody waits on the Disruptor's wait strategy (the consumer polls),
 * so publishing signals nothing.
 */
public final class Channel implements AutoCloseable {
    private final String name;
    private final int slotLength;
    private final int payloadCapacity;
    private final int indexMask;
    private final ByteBuffer memory;
    private final UnsafeBuffer buffer;
    private final RingBuffer<Slot> ring;
    private final EventPoller<Slot> poller;
    private final Sequence inFlightHold = new Sequence(Long.MAX_VALUE);
    // sequence -> number of captures holding from there; guarded by this
    private final java.util.TreeMap<Long, Integer> holds = new java.util.TreeMap<>();
    private final MarkerQueue markers = new MarkerQueue(64);
    private boolean closed;

    public Channel(String name, int ringSize, int slotLength) {
        if (Integer.bitCount(ringSize) != 1) {
            throw new IllegalArgumentException("ring size " + ringSize + " is not a power of two; use e.g. "
                + Integer.highestOneBit(Math.max(ringSize, 2)));
        }
        if (slotLength < SlotDescriptor.HEADER_LENGTH + 8 || slotLength % 8 != 0) {
            throw new IllegalArgumentException("slot size " + slotLength + " must be a multiple of 8 and at least "
                + (SlotDescriptor.HEADER_LENGTH + 8));
        }
        this.name = name;
        this.slotLength = slotLength;
        this.payloadCapacity = slotLength - SlotDescriptor.HEADER_LENGTH;
        this.indexMask = ringSize - 1;
        this.memory = OffHeapMemory.allocate(Math.multiplyExact(ringSize, slotLength));
        this.buffer = new UnsafeBuffer(memory);
        int[] nextIndex = {0};
        this.ring = RingBuffer.createSingleProducer(() -> new Slot(nextIndex[0]++ * slotLength), ringSize,
            new BusySpinWaitStrategy());
        this.poller = ring.newPoller();
        // Registered after the consumer's sequence: the producer reads gating sequences in this order,
        // so a hold placed at the consumer's position is seen before the consumer can move past it.
        ring.addGatingSequences(poller.getSequence(), inFlightHold);
        inFlightHold.set(Long.MAX_VALUE);
    }

    public String name() {
        return name;
    }

    /**
     * Encodes a record into the next slot and publishes it.
     *
     * @return false when the ring is full (nothing written)
     * @throws RecordTooLargeException when the record cannot fit in any slot
     */
    public <T> boolean tryWriteRecord(T record, long timestamp, Codec<T> codec, String where) {
        long sequence = tryClaim();
        if (sequence < 0) {
            return false;
        }
        int offset = SlotDescriptor.slotOffset(sequence, indexMask, slotLength);
        int length = codec.encode(record, buffer, SlotDescriptor.payloadOffset(offset), payloadCapacity);
        if (length < 0) {
            // A claim cannot be undone: the slot goes out marked empty, else the next publish would expose its stale bytes.
            writeHeader(offset, 0, SlotDescriptor.TYPE_EMPTY, SlotDescriptor.NO_TIMESTAMP);
            ring.publish(sequence);
            throw new RecordTooLargeException(where, EncodedLength.measure(codec, record), payloadCapacity, slotLength);
        }
        writeHeader(offset, length, SlotDescriptor.TYPE_RECORD, timestamp);
        ring.publish(sequence);
        return true;
    }

    /**
     * Publishes a slot written earlier into an overdraft: its type, timestamp and {@code length}
     * payload bytes at {@code offset} of {@code src}.
     *
     * @return false when the ring is full (nothing written)
     */
    public boolean tryWriteSlot(int type, long timestamp, DirectBuffer src, int offset, int length) {
        long sequence = tryClaim();
        if (sequence < 0) {
            return false;
        }
        int slot = SlotDescriptor.slotOffset(sequence, indexMask, slotLength);
        if (length > 0) {
            buffer.putBytes(SlotDescriptor.payloadOffset(slot), src, offset, length);
        }
        writeHeader(slot, length, type, timestamp);
        ring.publish(sequence);
        return true;
    }

    /** Bytes a record may take in one slot. */
    public int payloadCapacity() {
        return payloadCapacity;
    }

    /** Publishes a control element (watermark, status, end of input) in order with the records. */
    public boolean tryWriteEvent(int type, long timestamp) {
        long sequence = tryClaim();
        if (sequence < 0) {
            return false;
        }
        writeHeader(SlotDescriptor.slotOffset(sequence, indexMask, slotLength), 0, type, timestamp);
        ring.publish(sequence);
        return true;
    }

    /** Free slots, as the producer sees them. */
    public int remainingCapacity() {
        return (int) ring.remainingCapacity();
    }

    private long tryClaim() {
        try {
            return ring.tryNext();
        } catch (InsufficientCapacityException full) {
            return -1;
        }
    }

    private void writeHeader(int offset, int length, int type, long timestamp) {
        buffer.putInt(offset + SlotDescriptor.LENGTH_OFFSET, length);
        buffer.putInt(offset + SlotDescriptor.TYPE_OFFSET, type);
        buffer.putLong(offset + SlotDescriptor.TIMESTAMP_OFFSET, timestamp);
    }

    /** Producer side: places a barrier after the last published slot. */
    public void emitBarrier(long checkpointId, boolean unaligned) {
        if (!markers.offer(new BarrierMarker(checkpointId, ring.getCursor(), unaligned))) {
            throw new IllegalStateException("more than 64 checkpoint barriers queued on channel " + name
                + "; lower execution.checkpointing.max-concurrent-checkpoints");
        }
    }

    /** The oldest barrier not yet taken by the consumer, or null. */
    public BarrierMarker peekBarrier() {
        return markers.peek();
    }

    public BarrierMarker pollBarrier() {
        return markers.poll();
    }

    /** Consumer: index of the oldest queued marker; markers are numbered from 0 in the order they were placed. */
    public long markerHead() {
        return markers.head();
    }

    /** Consumer: index after the newest queued marker. */
    public long markerTail() {
        return markers.tail();
    }

    /** Consumer: the queued marker at {@code index}, in [{@link #markerHead()}, {@link #markerTail()}). */
    public BarrierMarker marker(long index) {
        return markers.get(index);
    }

    /** Consumer: the queued marker of checkpoint {@code checkpointId}, or null. */
    public BarrierMarker findBarrier(long checkpointId) {
        for (long i = markers.head(), end = markers.tail(); i < end; i++) {
            BarrierMarker marker = markers.get(i);
            if (marker.checkpointId() == checkpointId) {
                return marker;
            }
        }
        return null;
    }

    /**
     * Keeps the producer from overwriting the slots after {@code sequence} until
     * {@link #releaseInFlight(long)}, so in-flight records can be copied while the consumer goes on.
     * Called by the consumer, at its own position.
     */
    public synchronized void holdInFlightFrom(long sequence) {
        holds.merge(sequence, 1, Integer::sum);
        inFlightHold.set(holds.firstKey());
    }

    /**
     * Ends the hold placed at {@code sequence}; any thread. Holds of other checkpoints stay: the
     * producer is kept behind the oldest one still placed.
     */
    public synchronized void releaseInFlight(long sequence) {
        holds.computeIfPresent(sequence, (at, count) -> count == 1 ? null : count - 1);
        inFlightHold.set(holds.isEmpty() ? Long.MAX_VALUE : holds.firstKey());
    }

    /**
     * Hands the records of slots {@code (fromExclusive, toInclusive]} to {@code sink} as
     * timestamp + payload bytes. Only while those slots are held or not yet consumed.
     */
    public long copyRecords(long fromExclusive, long toInclusive, InFlightSink sink) {
        long bytes = 0;
        for (long sequence = fromExclusive + 1; sequence <= toInclusive; sequence++) {
            int offset = SlotDescriptor.slotOffset(sequence, indexMask, slotLength);
            if (buffer.getInt(offset + SlotDescriptor.TYPE_OFFSET) == SlotDescriptor.TYPE_RECORD) {
                int length = buffer.getInt(offset + SlotDescriptor.LENGTH_OFFSET);
                sink.accept(buffer, offset + SlotDescriptor.TIMESTAMP_OFFSET, 8 + length);
                bytes += 8 + length;
            }
        }
        return bytes;
    }

    /** Receives in-flight records: an 8-byte timestamp then the payload, {@code length} bytes in all. */
    @FunctionalInterface
    public interface InFlightSink {
        void accept(DirectBuffer buffer, int offset, int length);
    }

    /** Consumer side: hands every published slot to {@code handler} until it returns false. */
    public EventPoller.PollState poll(EventPoller.Handler<Slot> handler) throws Exception {
        return poller.poll(handler);
    }

    public UnsafeBuffer buffer() {
        return buffer;
    }

    /** Sequence of the last slot the consumer finished with. */
    public long consumedSequence() {
        return poller.getSequence().get();
    }

    /** Sequence of the last slot the producer published. */
    public long publishedSequence() {
        return ring.getCursor();
    }

    public int ringSize() {
        return indexMask + 1;
    }

    public int slotLength() {
        return slotLength;
    }

    /** Positions, queued markers and holds; any thread, best effort. */
    public String describe() {
        String held;
        synchronized (this) {
            held = holds.toString();
        }
        return name + ": published " + publishedSequence() + ", consumed " + consumedSequence() + ", markers "
            + markers + ", holds " + held;
    }

    /** Frees the ring's memory; only once neither its producer nor its consumer runs. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            OffHeapMemory.free(memory);
        }
    }
}
