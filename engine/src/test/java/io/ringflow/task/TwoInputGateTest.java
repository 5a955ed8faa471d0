package io.ringflow.task;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.barrier.BarrierHandler;
import io.ringflow.barrier.BarrierMode;
import io.ringflow.channel.Channel;
import io.ringflow.channel.SlotDescriptor;
import io.ringflow.operator.OneInputOperator;
import io.ringflow.operator.TwoInputOperator;
import io.ringflow.snapshot.OperatorSnapshot;
import io.ringflow.snapshot.TaskSnapshot;
import io.ringflow.storage.metadata.ChannelDescriptor;
import io.ringflow.testing.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The input gate of a two-input task over real rings, polled by hand: channels 0 and 1 feed
 * input 1 (longs), channel 2 feeds input 2 (strings). Records reach the method of their input;
 * the watermark is the least over the channels of both inputs; the input ends when all channels
 * ended; an aligned checkpoint waits for the barrier on the channels of both inputs.
 */
class TwoInputGateTest {
    private final Channel[] channels = {
        new Channel("a[0]->x[0]", 8, 32), new Channel("a[1]->x[0]", 8, 32), new Channel("b[0]->x[0] (input 2)", 8, 32)};
    private final Codec<?>[] codecs = {Codecs.LONG, Codecs.LONG, Codecs.STRING};
    private final RecordingHead head = new RecordingHead();
    private final OneInputOperator<?, ?>[] recordInputs = {head.input(1), head.input(1), head.input(2)};

    @AfterEach
    void freeRings() {
        for (Channel channel : channels) {
            channel.close();
        }
    }

    @Test
    void shouldHandEachChannelsRecordsToItsInput() throws Exception {
        TaskInput gate = gate(null);
        channels[0].tryWriteRecord(1L, 1, Codecs.LONG, "test");
        channels[2].tryWriteRecord("one", 2, Codecs.STRING, "test");
        channels[1].tryWriteRecord(2L, 3, Codecs.LONG, "test");
        channels[2].tryWriteRecord("two", 4, Codecs.STRING, "test");

        drain(gate);

        assertEquals(List.of("1:1@1", "1:2@3", "2:one@2", "2:two@4"), head.records, "channel by channel, each to its input");
    }

    @Test
    void shouldForwardTheLeastWatermarkOfBothInputsAndEndWhenBothEnded() throws Exception {
        TaskInput gate = gate(null);
        watermark(0, 100);
        watermark(1, 80);
        drain(gate);
        assertEquals(List.of(), head.watermarks, "input 2 has no watermark yet");

        watermark(2, 50);
        drain(gate);
        assertEquals(List.of(50L), head.watermarks);

        watermark(2, 300);
        drain(gate);
        assertEquals(List.of(50L, 80L), head.watermarks, "input 1's slower channel holds it now");

        end(0);
        end(1);
        drain(gate);
        assertEquals(List.of(50L, 80L, 300L), head.watermarks, "input 1 ended: input 2 alone sets it");
        assertFalse(gate.isFinished(), "input 2 has not ended");

        end(2);
        drain(gate);
        assertTrue(gate.isFinished());
    }

    @Test
    void shouldAlignACheckpointOnTheChannelsOfBothInputs() throws Exception {
        List<List<String>> seenAtSnapshot = new ArrayList<>();
        BarrierHandler.CheckpointTarget target = new BarrierHandler.CheckpointTarget() {
            @Override
            public List<OperatorSnapshot> snapshotAndForward(long checkpointId, boolean unaligned) {
                seenAtSnapshot.add(List.copyOf(head.records));
                return List.of();
            }

            @Override
            public void submit(TaskSnapshot snapshot) {
            }
        };
        ChannelDescriptor[] descriptors = {new ChannelDescriptor("a", 0, "x", 0, 0), new ChannelDescriptor("a", 1, "x", 0, 0),
            new ChannelDescriptor("b", 0, "x", 0, 1)};
        TaskInput gate = gate(new BarrierHandler(BarrierMode.ALIGNED, 0, new ManualClock(0), id -> -1, channels, descriptors, target));
        channels[0].tryWriteRecord(1L, 1, Codecs.LONG, "test");
        channels[0].emitBarrier(1, false);
        channels[0].tryWriteRecord(2L, 2, Codecs.LONG, "test");
        channels[1].emitBarrier(1, false);
        channels[2].tryWriteRecord("before", 3, Codecs.STRING, "test");

        drain(gate);
        assertEquals(List.of(), seenAtSnapshot, "input 2's barrier is still to come");
        assertEquals(List.of("1:1@1", "2:before@3"), head.records, "input 1 is held at its barrier");

        channels[2].emitBarrier(1, false);
        channels[2].tryWriteRecord("after", 4, Codecs.STRING, "test");
        drain(gate);

        assertEquals(List.of(List.of("1:1@1", "2:before@3")), seenAtSnapshot, "the records of both inputs before the barrier");
        assertEquals(List.of("1:1@1", "2:before@3", "1:2@2", "2:after@4"), head.records);
    }

    private TaskInput gate(BarrierHandler barriers) {
        return InputGates.channels(channels, codecs, head, recordInputs, TestTasks.backpressure(), barriers);
    }

    private void watermark(int channel, long watermark) {
        assertTrue(channels[channel].tryWriteEvent(SlotDescriptor.TYPE_WATERMARK, watermark));
    }

    private void end(int channel) {
        assertTrue(channels[channel].tryWriteEvent(SlotDescriptor.TYPE_END_OF_INPUT, SlotDescriptor.NO_TIMESTAMP));
    }

    private static void drain(TaskInput gate) throws Exception {
        while (gate.process(256) > 0) {
            // until nothing is left to read
        }
    }

    private static final class RecordingHead extends TwoInputOperator<Long, String, Void> {
        final List<String> records = new ArrayList<>();
        final List<Long> watermarks = new ArrayList<>();

        @Override
        public void processElement1(Long value, long timestamp) {
            records.add("1:" + value + "@" + timestamp);
        }

        @Override
        public void processElement2(String value, long timestamp) {
            records.add("2:" + value + "@" + timestamp);
        }

        @Override
        public void processWatermark(long watermark) {
            watermarks.add(watermark);
        }

        @Override
        public void processIdle(boolean idle) {
        }
    }
}
