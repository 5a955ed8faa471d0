package io.ringflow.task;

import com.lmax.disruptor.EventPoller;
import io.ringflow.api.codec.Codec;
import io.ringflow.channel.BarrierMarker;
import io.ringflow.channel.Channel;
import io.ringflow.channel.Slot;
import io.ringflow.channel.SlotDescriptor;
import io.ringflow.barrier.BarrierHandler;
import io.ringflow.barrier.InFlightCapture;
import io.ringflow.operator.OneInputOperator;
import io.ringflow.operator.Rethrow;
import io.ringflow.operator.StreamOperator;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The input rings of one task, polled round-robin. Each slot is dispatched on its type id:
 * records are decoded and handed to the channel's record input (the head operator, or the input
 * of a two-input head that the channel feeds, picked once per poll of a channel, not per record);
 * watermarks, idleness and end of input go through the {@link WatermarkValve}, over the channels
 * of all inputs. Barrier markers beside each ring are checked before
 * and after every poll: every newly published marker is shown to the {@link BarrierHandler}
 * at once (an unaligned barrier takes effect behind older ones), a channel is read only up to
 * its oldest barrier not reached, and the handler decides when to snapshot and which channels to hold.
 * A record spanning several slots is reassembled into a buffer of the gate's, reused, and decoded
 * from it; the gate never stops polling inside such a record, so its position is always between records.
 */
final class InputGate implements TaskInput, EventPoller.Handler<Slot> {
    private final Channel[] channels;
    private final Codec<Object>[] codecs;
    private final StreamOperator<?> head;
    private final OneInputOperator<Object, ?>[] recordInputs; // per channel
    private OneInputOperator<Object, ?> recordInput; // of the channel being polled
    private final WatermarkValve valve;
    private final Backpressure backpressure;
    private final BarrierHandler barriers; // null when the job takes no checkpoints
    // a barrier that may overtake records is looked for after every record, not after a batch of a slow operator
    private final boolean stopAtNewMarker;
    private final boolean[] ended;
    private final long[] announced; // per channel: index of the first marker not yet shown to the barrier handler
    private long endSequence = -1;
    private int endedChannels;
    private int nextChannel;
    private int current;
    private Channel polled; // channels[current], while it is polled
    private long announcedTail; // announced[current], while it is polled: a tail beyond it is a new marker
    private int budget;
    private int processed;
    private InFlightCapture capture; // of the channel being polled, while its barrier is still to come
    private final ExpandableArrayBuffer reassembly = new ExpandableArrayBuffer(0); // a record spanning slots
    private int fragmentsLeft; // of the record being read: slots still to come after the one just polled
    private int fragmentedSlots;

    /** A gate whose every channel feeds {@code head}. */
    InputGate(Channel[] channels, Codec<?>[] codecs, OneInputOperator<?, ?> head, Backpressure backpressure,
              BarrierHandler barriers) {
        this(channels, codecs, head, sameForAll(head, channels.length), backpressure, barriers);
    }

    /** {@code recordInputs[c]} takes the records of channel {@code c}; watermarks and idleness go to {@code head}. */
    @SuppressWarnings("unchecked")
    InputGate(Channel[] channels, Codec<?>[] codecs, StreamOperator<?> head, OneInputOperator<?, ?>[] recordInputs,
              Backpressure backpressure, BarrierHandler barriers) {
        if (recordInputs.length != channels.length) {
            throw new IllegalArgumentException(recordInputs.length + " record inputs for " + channels.length + " channels");
        }
        this.recordInputs = (OneInputOperator<Object, ?>[]) recordInputs.clone();
        this.backpressure = backpressure;
        this.barriers = barriers;
        this.stopAtNewMarker = barriers != null && barriers.overtakes();
        this.channels = channels;
        this.codecs = (Codec<Object>[]) codecs;
        this.head = head;
        this.valve = new WatermarkValve(channels.length);
        this.ended = new boolean[channels.length];
        this.announced = new long[channels.length];
    }

    private static OneInputOperator<?, ?>[] sameForAll(OneInputOperator<?, ?> head, int channels) {
        OneInputOperator<?, ?>[] inputs = new OneInputOperator<?, ?>[channels];
        java.util.Arrays.fill(inputs, head);
        return inputs;
    }

    Channel[] channels() {
        return channels;
    }

    /**
     * Reads up to {@code limit} slots; with a limit of 0 (outputs full) it still handles barriers.
     * Each call starts at the channel after the one the previous call started at, so under
     * backpressure, when the first channel served takes the whole limit, every input still gets its turn.
     */
    @Override
    public int process(int limit) throws Exception {
        processed = 0;
        int start = nextChannel;
        nextChannel = start + 1 == channels.length ? 0 : start + 1;
        for (int i = 0; i < channels.length; i++) {
            current = start + i < channels.length ? start + i : start + i - channels.length;
            processChannel(current, limit - processed);
        }
        if (barriers != null) {
            barriers.checkAlignmentTimeout();
        }
        return processed;
    }

    private void processChannel(int index, int channelBudget) throws Exception {
        Channel channel = channels[index];
        if (ended[index]) {
            reachConsumedBarriers(index); // a barrier placed after the end of input
            return;
        }
        // The cursor is read before the marker queue: a producer publishes a barrier's marker before any
        // slot after it, so when no marker is seen here every slot up to this cursor precedes the next
        // barrier. Polling past the cursor could read slots behind a marker queued in the meantime.
        long published = channel.publishedSequence();
        if (barriers != null) {
            announceMarkers(index);
            if (barriers.isBlocked(index)) {
                return;
            }
        }
        BarrierMarker next = channel.peekBarrier();
        if (next != null) {
            published = next.position();
        }
        long consumed = channel.consumedSequence();
        channelBudget = (int) Math.min(channelBudget, published - consumed);
        if (barriers != null && barriers.isTimingAlignment()) {
            channelBudget = Math.min(channelBudget, 1); // the timeout is checked after each pass: one record each
        }
        if (channelBudget > 0) {
            capture = barriers == null ? null : barriers.captureBeforeBarrier(index);
            recordInput = recordInputs[index];
            budget = channelBudget;
            polled = channel;
            announcedTail = announced[index];
            channel.poll(this);
        }
        reachConsumedBarriers(index);
        if (endSequence >= 0) {
            ended[index] = true;
            endedChannels++;
            long endedAt = endSequence;
            endSequence = -1;
            if (barriers != null) {
                barriers.onEnded(index, endedAt);
            }
            forwardWatermark(valve.onEnded(index));
            endInputIfLastChannel(index);
        }
    }

    /** Tells a logical input that it ended once every channel feeding it has (a two-input head's endInput). */
    private void endInputIfLastChannel(int index) throws Exception {
        OneInputOperator<Object, ?> input = recordInputs[index];
        for (int c = 0; c < channels.length; c++) {
            if (recordInputs[c] == input && !ended[c]) {
                return;
            }
        }
        input.inputEnded();
    }

    /** Every marker published since the last look, including those behind older ones not yet reached. */
    private void announceMarkers(int index) {
        Channel channel = channels[index];
        long tail = channel.markerTail();
        for (long i = Math.max(announced[index], channel.markerHead()); i < tail; i++) {
            barriers.onVisible(index, channel.marker(i));
        }
        announced[index] = tail;
        dropSettledMarkers(channel);
    }

    /**
     * An unaligned checkpoint completes long before the task reaches its barrier: the marker of a
     * checkpoint taken or aborted is dropped, so a backlog of many intervals cannot fill the queue.
     */
    private void dropSettledMarkers(Channel channel) {
        BarrierMarker oldest;
        while ((oldest = channel.peekBarrier()) != null && barriers.isSettled(oldest.checkpointId())) {
            channel.pollBarrier();
        }
    }

    private void reachConsumedBarriers(int index) {
        if (barriers == null) {
            return;
        }
        announceMarkers(index);
        Channel channel = channels[index];
        BarrierMarker marker;
        while ((marker = channel.peekBarrier()) != null && channel.consumedSequence() >= marker.position()) {
            channel.pollBarrier();
            barriers.onReached(index, marker);
        }
    }

    @Override
    public boolean onEvent(Slot slot, long sequence, boolean endOfBatch) throws Exception {
        UnsafeBuffer buffer = channels[current].buffer();
        int offset = slot.offset();
        int typeField = buffer.getInt(offset + SlotDescriptor.TYPE_OFFSET);
        int type = SlotDescriptor.type(typeField);
        long timestamp = buffer.getLong(offset + SlotDescriptor.TIMESTAMP_OFFSET);
        processed++;
        if (capture != null) {
            capture.copySlot(sequence); // before the record can change anything: it belongs to the checkpoint
        }
        switch (type) {
            case SlotDescriptor.TYPE_RECORD:
                int length = buffer.getInt(offset + SlotDescriptor.LENGTH_OFFSET);
                recordInput.processElement(codecs[current].decode(buffer, SlotDescriptor.payloadOffset(offset), length),
                    timestamp, SlotDescriptor.keyGroup(typeField));
                break;
            case SlotDescriptor.TYPE_WATERMARK:
                forwardWatermark(valve.onWatermark(current, timestamp));
                break;
            case SlotDescriptor.TYPE_IDLE:
            case SlotDescriptor.TYPE_ACTIVE:
                forwardWatermark(valve.onIdle(current, type == SlotDescriptor.TYPE_IDLE));
                break;
            case SlotDescriptor.TYPE_EMPTY:
                break;
            case SlotDescriptor.TYPE_RECORD_FIRST:
                processFragmented(sequence, timestamp);
                return true; // its fragments were published with it: they are consumed in this same poll
            case SlotDescriptor.TYPE_RECORD_REF:
                processFragmented(sequence, timestamp);
                return endOfFragmented(); // one slot, no fragments
            case SlotDescriptor.TYPE_FRAGMENT:
                if (--fragmentsLeft < 0) {
                    throw new IllegalStateException("fragment " + timestamp + " without its first slot at sequence "
                        + sequence + " in channel " + channels[current].name());
                }
                return fragmentsLeft > 0 || endOfFragmented();
            case SlotDescriptor.TYPE_END_OF_INPUT:
                endSequence = sequence;
                return false;
            default:
                throw new IllegalStateException("corrupt slot type " + type + " in channel " + channels[current].name());
        }
        if (stopAtNewMarker) {
            budget -= newMarkerPenalty(polled.markerTailOpaque());
        }
        return --budget > 0 && !backpressure.isOverdrawn(); // an output overdrawn: no further record until drained
    }

    /**
     * 2^30 when a barrier was published since the poll began, else 0: taken from the budget, it
     * ends the poll so the handler sees the barrier before the next record. Arithmetic, not a
     * branch: a branch first taken at the first unaligned checkpoint made the JIT recompile the
     * record path, by then too late to inline the user function into it, so every decoded record
     * was allocated (40 B more a record, W1 about 15 % slower).
     */
    private int newMarkerPenalty(long markerTail) {
        long published = markerTail ^ announcedTail;
        return (int) ((published | -published) >>> 63) << 30;
    }

    private void processFragmented(long sequence, long timestamp) throws Exception {
        int length = channels[current].copyFragmented(sequence, reassembly, 0);
        fragmentedSlots = channels[current].slotsFor(length);
        fragmentsLeft = fragmentedSlots - 1;
        recordInput.processElement(codecs[current].decode(reassembly, 0, length), timestamp);
    }

    /** After a record's last fragment: whether to go on, as after a one-slot record, with the marker check every time. */
    private boolean endOfFragmented() {
        if (stopAtNewMarker && channels[current].markerTail() != announced[current]) {
            return false;
        }
        budget -= fragmentedSlots;
        return budget > 0 && !backpressure.isOverdrawn();
    }

    private void forwardWatermark(long watermark) {
        try {
            if (watermark != WatermarkValve.NO_CHANGE) {
                head.processWatermark(watermark);
            }
            if (valve.updateIdle()) {
                head.processIdle(valve.allIdle());
            }
        } catch (Exception e) {
            throw Rethrow.unchecked(e);
        }
    }

    @Override
    public boolean isFinished() {
        return endedChannels == channels.length;
    }
}
