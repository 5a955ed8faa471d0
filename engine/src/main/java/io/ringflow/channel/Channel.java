package io.ringflow.channel;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import io.ringflow.api.WakeableBackoffIdleStrategy;
import io.ringflow.api.codec.Codec;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.IdleStrategy;
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
 *
 * <p>A record larger than a slot's payload, up to {@link #maxRecordSize()}, spans consecutive
 * slots claimed and published together ({@link SlotDescriptor} describes the layout and what every
 * reader of slots does about it). The fast path is untouched: the record is encoded straight into
 * its slot, and only when the codec reports that it does not fit is it encoded again into a
 * scratch buffer of the producer's and copied out in slot-sized pieces. A record larger than
 * the whole ring crosses by reference ({@link SlotDescriptor#TYPE_RECORD_REF}): one slot, its
 * bytes on the heap beside the ring, written only into an otherwise empty ring.
 */
public final class Channel implements AutoCloseable {
    private static final int COPY_CHUNK_SLOTS = 16; // the in-flight copy's unit: see copyChunk
    private final String name;
    private final int slotLength;
    private final int payloadCapacity;
    private final int fastPathCapacity;
    private final int indexMask;
    private final ByteBuffer memory;
    private final UnsafeBuffer buffer;
    private final RingBuffer<Slot> ring;
    private final EventPoller<Slot> poller;
    private final Sequence inFlightHold = new Sequence(Long.MAX_VALUE);
    // sequence -> number of captures holding from there; guarded by this
    private final java.util.TreeMap<Long, Integer> holds = new java.util.TreeMap<>();
    private final MarkerQueue markers = new MarkerQueue();
    private final int maxRecordSize;
    private ExpandableArrayBuffer scratch; // producer thread: a record being cut into fragments
    // The one record crossing by reference and its slot: the producer writes both before publishing
    // the slot, which orders them for the consumer and for an in-flight copy holding the slot.
    private byte[] largeRecord;
    private long largeRecordSequence = -1;
    private boolean closed;
    private WakeableBackoffIdleStrategy consumerIdle; // set before the tasks start: the consumer's, if it parks wakeably

    /** The largest record {@code maxRecordSize} takes by default. */
    public static final int DEFAULT_MAX_RECORD_SIZE = 1 << 20;
    /** The largest {@code maxRecordSize}: a record is encoded whole on the heap first. */
    public static final int MAX_MAX_RECORD_SIZE = 1 << 30;

    /** A ring whose largest record is the default, 1 MB. */
    public Channel(String name, int ringSize, int slotLength) {
        this(name, ringSize, slotLength, DEFAULT_MAX_RECORD_SIZE);
    }

    /** Payload bytes of all slots of a ring: the largest record it could ever take. */
    public static long ringPayloadBytes(int ringSize, int slotLength) {
        return (long) ringSize * (slotLength - SlotDescriptor.HEADER_LENGTH);
    }

    /**
     * @param maxRecordSize the largest encoded record, in bytes: up to what the ring's slots hold
     *                      it spans slots (waiting for as many free ones), beyond that it crosses by
     *                      reference
     */
    public Channel(String name, int ringSize, int slotLength, int maxRecordSize) {
        if (Integer.bitCount(ringSize) != 1) {
            throw new IllegalArgumentException("ring size " + ringSize + " is not a power of two; use e.g. "
                + Integer.highestOneBit(Math.max(ringSize, 2)));
        }
        if (slotLength < SlotDescriptor.HEADER_LENGTH + 8 || slotLength % 8 != 0) {
            throw new IllegalArgumentException("slot size " + slotLength + " must be a multiple of 8 and at least "
                + (SlotDescriptor.HEADER_LENGTH + 8));
        }
        if (maxRecordSize < 1 || maxRecordSize > MAX_MAX_RECORD_SIZE) {
            throw new IllegalArgumentException("max record size " + maxRecordSize + " must be between 1 byte and "
                + MAX_MAX_RECORD_SIZE + " (1 GiB)");
        }
        this.maxRecordSize = maxRecordSize;
        this.name = name;
        this.slotLength = slotLength;
        this.payloadCapacity = slotLength - SlotDescriptor.HEADER_LENGTH;
        this.fastPathCapacity = Math.min(payloadCapacity, maxRecordSize); // a smaller maximum holds in one slot too
        this.indexMask = ringSize - 1;
        int ringBytes = Math.multiplyExact(ringSize, slotLength);
        this.memory = OffHeapMemory.allocateCacheAligned(ringBytes);
        this.buffer = OffHeapMemory.cacheAligned(memory, ringBytes);
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
     * @return false when the ring is full (nothing written but, for a record larger than a slot, an
     *         empty slot)
     * @throws RecordTooLargeException when the record is larger than {@link #maxRecordSize()}
     */
    public <T> boolean tryWriteRecord(T record, long timestamp, Codec<T> codec, String where) {
        return tryWriteRecord(record, timestamp, SlotDescriptor.NO_KEY_GROUP, codec, where);
    }

    /**
     * As {@link #tryWriteRecord(Object, long, Codec, String)}, the slot carrying the record's
     * {@code keyGroup} ({@link SlotDescriptor#NO_KEY_GROUP} for none); a record spanning slots carries none.
     */
    public <T> boolean tryWriteRecord(T record, long timestamp, int keyGroup, Codec<T> codec, String where) {
        long sequence = tryClaim();
        if (sequence < 0) {
            return false;
        }
        int offset = SlotDescriptor.slotOffset(sequence, indexMask, slotLength);
        int length = codec.encode(record, buffer, SlotDescriptor.payloadOffset(offset), fastPathCapacity);
        if (length < 0) {
            return tryWriteLarge(sequence, record, timestamp, codec, where);
        }
        writeHeader(offset, length, SlotDescriptor.withKeyGroup(SlotDescriptor.TYPE_RECORD, keyGroup), timestamp);
        publish(sequence);
        return true;
    }

    /** Slow path: the record did not fit the slot {@code first} claimed for it. */
    private <T> boolean tryWriteLarge(long first, T record, long timestamp, Codec<T> codec, String where) {
        int length = Codec.DOES_NOT_FIT;
        if (maxRecordSize > payloadCapacity) {
            if (scratch == null) {
                scratch = new ExpandableArrayBuffer(4 * payloadCapacity);
            }
            length = EncodedLength.encodeGrowing(codec, record, scratch, 0, 4 * payloadCapacity, maxRecordSize);
        }
        if (length < 0) {
            // A claim cannot be undone: the slot goes out marked empty, else the next publish would expose its stale bytes.
            publishEmpty(first);
            throw new RecordTooLargeException(where, EncodedLength.measure(codec, record), maxRecordSize, payloadCapacity,
                slotLength);
        }
        int slots = SlotDescriptor.slotsFor(length, payloadCapacity);
        if (slots > ringSize()) {
            // `first` is the only slot claimed and not released: the ring is otherwise empty
            if (ring.remainingCapacity() != ringSize() - 1) {
                publishEmpty(first); // the caller keeps the record in its overdraft until the ring is empty
                return false;
            }
            writeByReference(first, scratch, 0, length, timestamp);
            return true;
        }
        // A claim that has to re-read the consumer's position first stores the cursor at the last slot
        // claimed, which would publish `first` before it is written. Checking without that store
        // refreshes the position the claim then uses, so the claim stores nothing.
        if (!ring.hasAvailableCapacity(slots - 1)) {
            publishEmpty(first); // the caller keeps the record in its overdraft, which claims all its slots at once
            return false;
        }
        long last = ring.next(slots - 1);
        writeFragments(first, slots, scratch, 0, length, timestamp);
        publish(last);
        return true;
    }

    /**
     * A record larger than the ring, into the claimed slot {@code sequence} of an otherwise empty
     * ring: so at most one is ever held, and its bytes are the only ones kept beside the ring.
     */
    private void writeByReference(long sequence, DirectBuffer src, int srcOffset, int length, long timestamp) {
        byte[] bytes = new byte[length];
        src.getBytes(srcOffset, bytes);
        largeRecord = bytes;
        largeRecordSequence = sequence;
        writeHeader(SlotDescriptor.slotOffset(sequence, indexMask, slotLength), length, SlotDescriptor.TYPE_RECORD_REF,
            timestamp);
        publish(sequence);
    }

    private void publishEmpty(long sequence) {
        writeHeader(SlotDescriptor.slotOffset(sequence, indexMask, slotLength), 0, SlotDescriptor.TYPE_EMPTY,
            SlotDescriptor.NO_TIMESTAMP);
        publish(sequence);
    }

    /** Writes a record of {@code length} bytes into the claimed slots {@code first .. first + slots - 1}. */
    private void writeFragments(long first, int slots, DirectBuffer src, int srcOffset, int length, long timestamp) {
        int offset = SlotDescriptor.slotOffset(first, indexMask, slotLength);
        buffer.putBytes(SlotDescriptor.payloadOffset(offset), src, srcOffset, payloadCapacity);
        writeHeader(offset, length, SlotDescriptor.TYPE_RECORD_FIRST, timestamp);
        for (int i = 1; i < slots; i++) {
            int from = i * payloadCapacity;
            int bytes = Math.min(payloadCapacity, length - from);
            int slot = SlotDescriptor.slotOffset(first + i, indexMask, slotLength);
            buffer.putBytes(SlotDescriptor.payloadOffset(slot), src, srcOffset + from, bytes);
            writeHeader(slot, bytes, SlotDescriptor.TYPE_FRAGMENT, i);
        }
    }

    /**
     * Copies the payload of the record whose first slot is {@code sequence} ({@link SlotDescriptor#TYPE_RECORD_FIRST})
     * into {@code dst} at {@code dstOffset}, fragment by fragment, wrapping at the ring's end; or the
     * record that slot holds by reference ({@link SlotDescriptor#TYPE_RECORD_REF}).
     * Consumer, or any thread while those slots are held.
     *
     * @return the record's length
     */
    public int copyFragmented(long sequence, MutableDirectBuffer dst, int dstOffset) {
        int offset = SlotDescriptor.slotOffset(sequence, indexMask, slotLength);
        int length = buffer.getInt(offset + SlotDescriptor.LENGTH_OFFSET);
        if (SlotDescriptor.type(buffer.getInt(offset + SlotDescriptor.TYPE_OFFSET)) == SlotDescriptor.TYPE_RECORD_REF) {
            if (largeRecordSequence != sequence || largeRecord.length != length) {
                throw new IllegalStateException("channel " + name + ": the record at sequence " + sequence
                    + " crossing by reference is gone (the ring holds the one of sequence " + largeRecordSequence + ")");
            }
            dst.putBytes(dstOffset, largeRecord, 0, length);
            return length;
        }
        int slots = slotsFor(length);
        for (int i = 0; i < slots; i++) {
            int slot = i == 0 ? offset : SlotDescriptor.slotOffset(sequence + i, indexMask, slotLength);
            int bytes = Math.min(payloadCapacity, length - i * payloadCapacity);
            dst.putBytes(dstOffset + i * payloadCapacity, buffer, SlotDescriptor.payloadOffset(slot), bytes);
        }
        return length;
    }

    /** Slots a record of {@code length} encoded bytes takes in this ring: one for a record crossing by reference. */
    public int slotsFor(int length) {
        int slots = SlotDescriptor.slotsFor(length, payloadCapacity);
        return slots > ringSize() ? 1 : slots;
    }

    /** The largest encoded record this ring takes, in bytes. */
    public int maxRecordSize() {
        return maxRecordSize;
    }

    /**
     * Publishes a slot written earlier into an overdraft: its type field (type and key group, see
     * {@link SlotDescriptor}), timestamp and {@code length} payload bytes at {@code offset} of {@code src}.
     *
     * @return false when the ring is full (nothing written)
     */
    public boolean tryWriteSlot(int typeField, long timestamp, DirectBuffer src, int offset, int length) {
        if (length > payloadCapacity) {
            return tryWriteFragments(timestamp, src, offset, length);
        }
        long sequence = tryClaim();
        if (sequence < 0) {
            return false;
        }
        int slot = SlotDescriptor.slotOffset(sequence, indexMask, slotLength);
        if (length > 0) {
            buffer.putBytes(SlotDescriptor.payloadOffset(slot), src, offset, length);
        }
        writeHeader(slot, length, typeField, timestamp);
        publish(sequence);
        return true;
    }

    /** A record larger than a slot, once the ring has room for all of its slots (or is empty, for one larger than the ring). */
    private boolean tryWriteFragments(long timestamp, DirectBuffer src, int offset, int length) {
        if (SlotDescriptor.slotsFor(length, payloadCapacity) > ringSize()) {
            if (ring.remainingCapacity() != ringSize()) {
                return false;
            }
            writeByReference(ring.next(), src, offset, length, timestamp);
            return true;
        }
        int slots = slotsFor(length);
        long last;
        try {
            last = ring.tryNext(slots);
        } catch (InsufficientCapacityException full) {
            return false;
        }
        long first = last - slots + 1;
        writeFragments(first, slots, src, offset, length, timestamp);
        publish(last);
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
        publish(sequence);
        return true;
    }

    /** Free slots, as the producer sees them. */
    public int remainingCapacity() {
        return (int) ring.remainingCapacity();
    }

    /** Publishes every slot up to {@code sequence} and wakes the consumer if it is parked. */
    private void publish(long sequence) {
        ring.publish(sequence);
        if (consumerIdle != null) {
            consumerIdle.wake();
        }
    }

    /**
     * The consumer task idles with {@code idleStrategy}: if its parks can be cut short, every publish
     * and barrier wakes it. Called while wiring, before either task starts.
     */
    public void consumerIdlesWith(IdleStrategy idleStrategy) {
        consumerIdle = idleStrategy instanceof WakeableBackoffIdleStrategy wakeable ? wakeable : null;
    }

    private long tryClaim() {
        try {
            return ring.tryNext();
        } catch (InsufficientCapacityException full) {
            return -1;
        }
    }

    private void writeHeader(int offset, int length, int typeField, long timestamp) {
        buffer.putInt(offset + SlotDescriptor.LENGTH_OFFSET, length);
        buffer.putInt(offset + SlotDescriptor.TYPE_OFFSET, typeField);
        buffer.putLong(offset + SlotDescriptor.TIMESTAMP_OFFSET, timestamp);
    }

    /** Producer side: places a barrier after the last published slot. */
    public void emitBarrier(long checkpointId, boolean unaligned) {
        markers.offer(new BarrierMarker(checkpointId, ring.getCursor(), unaligned));
        if (consumerIdle != null) {
            consumerIdle.wake();
        }
    }

    /** The oldest barrier not yet taken by the consumer, or null. */
    public BarrierMarker peekBarrier() {
        return markers.peek();
    }

    public BarrierMarker pollBarrier() {
        return markers.poll();
    }

    /** Consumer: {@link #markerTail()} without ordering, for a check after every record. */
    public long markerTailOpaque() {
        return markers.tailOpaque();
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
     * timestamp + payload bytes. Only while those slots are held or not yet consumed. A record
     * spanning several slots goes whole, when its first slot is in the range, reassembled in
     * {@code scratch}; its further slots are skipped.
     */
    public long copyRecords(long fromExclusive, long toInclusive, InFlightSink sink, ExpandableArrayBuffer scratch) {
        long bytes = 0;
        for (long from = fromExclusive; from < toInclusive; from += COPY_CHUNK_SLOTS) {
            bytes += copyChunk(from, Math.min(toInclusive, from + COPY_CHUNK_SLOTS), sink, scratch);
        }
        return bytes;
    }

    /*
     * The writer runs the loop above once per checkpoint: at an interval of a second it would stay
     * interpreted for minutes (the JIT counts invocations, and a loop's back edges only slowly).
     * This one runs a few hundred times per checkpoint of a full ring, so it is compiled, with
     * copySlot inlined, within the first checkpoints.
     */
    private long copyChunk(long fromExclusive, long toInclusive, InFlightSink sink, ExpandableArrayBuffer scratch) {
        long bytes = 0;
        for (long sequence = fromExclusive + 1; sequence <= toInclusive; sequence++) {
            bytes += copySlot(sequence, sink, scratch);
        }
        return bytes;
    }

    /* Apart from the loops above: called per slot by the task thread too, as it consumes a slot before its barrier came. */
    private int copySlot(long sequence, InFlightSink sink, ExpandableArrayBuffer scratch) {
        int offset = SlotDescriptor.slotOffset(sequence, indexMask, slotLength);
        int type = SlotDescriptor.type(buffer.getInt(offset + SlotDescriptor.TYPE_OFFSET));
        if (type == SlotDescriptor.TYPE_RECORD) {
            int length = buffer.getInt(offset + SlotDescriptor.LENGTH_OFFSET);
            sink.accept(buffer, offset + SlotDescriptor.TIMESTAMP_OFFSET, 8 + length);
            return 8 + length;
        }
        if (type == SlotDescriptor.TYPE_RECORD_FIRST || type == SlotDescriptor.TYPE_RECORD_REF) {
            scratch.putLong(0, buffer.getLong(offset + SlotDescriptor.TIMESTAMP_OFFSET));
            int length = copyFragmented(sequence, scratch, 8);
            sink.accept(scratch, 0, 8 + length);
            return 8 + length;
        }
        return 0;
    }

    /** Receives in-flight records: an 8-byte timestamp then the payload, {@code length} bytes in all. */
    @FunctionalInterface
    public interface InFlightSink {
        void accept(DirectBuffer buffer, int offset, int length);

        /**
         * {@code records} records in {@code [offset, offset + length)}, each a little-endian int
         * length then that many bytes (timestamp and payload): a sink that stores records framed
         * the same way takes them in one copy.
         */
        default void acceptFramed(DirectBuffer buffer, int offset, int length, int records) {
            for (int at = offset, end = offset + length; at < end; ) {
                int recordLength = buffer.getInt(at, java.nio.ByteOrder.LITTLE_ENDIAN);
                accept(buffer, at + 4, recordLength);
                at += 4 + recordLength;
            }
        }
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

    /**
     * The barrier markers beside one ring, oldest first: a single-producer single-consumer array
     * queue whose consumer can look at every queued marker, not only the oldest. A task must see a
     * new (unaligned) barrier as soon as it is published, even while older markers it has not read
     * up to sit ahead of it.
     */
    private static final class MarkerQueue {
        private volatile BarrierMarker[] markers = new BarrierMarker[64]; // doubles when full
        private volatile long head; // written by the consumer only: index of the oldest marker not taken
        private volatile long tail; // written by the producer only: index the next marker goes to

        private static final java.lang.invoke.VarHandle TAIL;

        static {
            try {
                TAIL = java.lang.invoke.MethodHandles.lookup().findVarHandle(MarkerQueue.class, "tail", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /**
         * Producer: never refuses. A consumer stuck in user code while checkpoints expire gets a
         * barrier per trigger and reads them only later; the array doubles (producer only), and a
         * consumer that still reads the old one finds the same markers there: the producer writes
         * only to the array it publishes before the {@code tail} that covers the write.
         */
        void offer(BarrierMarker marker) {
            long at = tail;
            BarrierMarker[] array = markers;
            long from = head;
            if (at - from >= array.length) {
                array = grown(array, from, at);
                markers = array;
            }
            array[(int) at & (array.length - 1)] = marker;
            tail = at + 1;
        }

        private static BarrierMarker[] grown(BarrierMarker[] old, long from, long to) {
            BarrierMarker[] bigger = new BarrierMarker[old.length * 2];
            for (long i = from; i < to; i++) {
                bigger[(int) i & (bigger.length - 1)] = old[(int) i & (old.length - 1)];
            }
            return bigger;
        }

        long head() {
            return head;
        }

        long tail() {
            return tail;
        }

        /**
         * The tail without ordering: a plain load the compiler may not hoist out of a loop, cheap
         * enough to check after every record. Seeing a new tail says a marker was queued; read it
         * through {@link #tail()}, whose volatile load orders the marker's fields.
         */
        long tailOpaque() {
            return (long) TAIL.getOpaque(this);
        }

        /** Consumer: the marker at {@code index}, which must be in [head, tail). */
        BarrierMarker get(long index) {
            BarrierMarker[] array = markers;
            return array[(int) index & (array.length - 1)];
        }

        /** Consumer: the oldest marker, or null. */
        BarrierMarker peek() {
            return head < tail ? get(head) : null;
        }

        /** Consumer: takes the oldest marker, or null. */
        BarrierMarker poll() {
            long at = head;
            if (at >= tail) {
                return null;
            }
            BarrierMarker[] array = markers;
            BarrierMarker marker = array[(int) at & (array.length - 1)];
            array[(int) at & (array.length - 1)] = null;
            head = at + 1;
            return marker;
        }

        @Override
        public String toString() {
            StringBuilder out = new StringBuilder("[");
            for (long i = head, end = tail; i < end; i++) {
                BarrierMarker marker = get(i);
                if (marker != null) {
                    out.append(i == head ? "" : ", ").append(marker.checkpointId()).append('@').append(marker.position())
                        .append(marker.unaligned() ? "u" : "");
                }
            }
            return out.append(']').toString();
        }
    }
}
