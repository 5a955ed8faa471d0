package io.ringflow.task;

import com.lmax.disruptor.EventPoller;
import io.ringflow.api.codec.Codec;
import io.ringflow.channel.Channel;
import io.ringflow.channel.Slot;
import io.ringflow.channel.SlotDescriptor;
import io.ringflow.operator.OneInputOperator;
import io.ringflow.operator.Rethrow;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The input rings of one task, polled round-robin. Each slot is dispatched on its type id:
 * records are decoded and handed to the head operator; watermarks, idleness and end of input
 * go through the {@link WatermarkValve}.
 */
final class InputGate implements TaskInput, EventPoller.Handler<Slot> {
    private final Channel[] channels;
    private final Codec<Object>[] codecs;
    private final OneInputOperator<Object, ?> head;
    private final WatermarkValve valve;
    private int endedChannels;
    private int nextChannel;
    private int current;
    private int budget;
    private int processed;

    @SuppressWarnings("unchecked")
    InputGate(Channel[] channels, Codec<?>[] codecs, OneInputOperator<?, ?> head) {
        this.channels = channels;
        this.codecs = (Codec<Object>[]) codecs;
        this.head = (OneInputOperator<Object, ?>) head;
        this.valve = new WatermarkValve(channels.length);
    }

    @Override
    public int process(int limit) throws Exception {
        processed = 0;
        for (int i = 0; i < channels.length && processed < limit; i++) {
            current = nextChannel;
            nextChannel = current + 1 == channels.length ? 0 : current + 1;
            budget = limit - processed;
            channels[current].poll(this);
        }
        return processed;
    }

    @Override
    public boolean onEvent(Slot slot, long sequence, boolean endOfBatch) throws Exception {
        UnsafeBuffer buffer = channels[current].buffer();
        int offset = slot.offset();
        int type = buffer.getInt(offset + SlotDescriptor.TYPE_OFFSET);
        long timestamp = buffer.getLong(offset + SlotDescriptor.TIMESTAMP_OFFSET);
        processed++;
        switch (type) {
            case SlotDescriptor.TYPE_RECORD:
                int length = buffer.getInt(offset + SlotDescriptor.LENGTH_OFFSET);
                head.processElement(codecs[current].decode(buffer, SlotDescriptor.payloadOffset(offset), length), timestamp);
                break;
            case SlotDescriptor.TYPE_WATERMARK:
                forwardWatermark(valve.onWatermark(current, timestamp));
                break;
            case SlotDescriptor.TYPE_IDLE:
            case SlotDescriptor.TYPE_ACTIVE:
                forwardWatermark(valve.onIdle(current, type == SlotDescriptor.TYPE_IDLE));
                break;
            case SlotDescriptor.TYPE_END_OF_INPUT:
                endedChannels++;
                forwardWatermark(valve.onEnded(current));
                return false;
            default:
                throw new IllegalStateException("corrupt slot type " + type + " in channel " + channels[current].name());
        }
        return --budget > 0;
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
