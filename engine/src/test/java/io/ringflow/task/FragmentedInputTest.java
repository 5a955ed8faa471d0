package io.ringflow.task;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.barrier.BarrierHandler;
import io.ringflow.barrier.BarrierMode;
import io.ringflow.barrier.InFlightCapture;
import io.ringflow.channel.Channel;
import io.ringflow.operator.OneInputOperator;
import io.ringflow.snapshot.OperatorSnapshot;
import io.ringflow.snapshot.TaskSnapshot;
import io.ringflow.storage.metadata.ChannelDescriptor;
import io.ringflow.testing.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The input gate over one ring of 16 slots of 32 bytes carrying strings that span slots: it reads
 * a record whole whatever its budget, across the ring's end, and stops only between records, so
 * an unaligned barrier's capture starts and ends between records.
 */
class FragmentedInputTest {
    private final Channel ring = new Channel("a[0]->x[0]", 16, 32);
    private final List<String> records = new ArrayList<>();
    private Runnable afterRecord = () -> { };
    private final OneInputOperator<String, Void> head = new OneInputOperator<>() {
        @Override
        public void processElement(String value, long timestamp) {
            assertEquals(value.length(), timestamp, "each record is stamped with its length");
            records.add(value);
            afterRecord.run();
        }

        @Override
        public void processWatermark(long watermark) {
        }

        @Override
        public void processIdle(boolean idle) {
        }
    };

    @AfterEach
    void freeRing() {
        ring.close();
    }

    @Test
    void shouldReadARecordWholeWithABudgetOfOneSlotAndAcrossTheRingsEnd() throws Exception {
        TaskInput gate = TestInputGates.withBarriers(new Channel[] {ring}, new Codec<?>[] {Codecs.STRING}, head, null);
        List<String> written = new ArrayList<>();
        for (int round = 0; round < 6; round++) {
            for (String record : List.of("a", "b".repeat(13), "c".repeat(100))) { // 1, 2 and 7 slots
                assertTrue(write(record));
                written.add(record);
                long before = ring.consumedSequence();
                assertEquals(ring.slotsFor(record.length() + 4), gate.process(1), "every slot of the record, budget or not");
                assertEquals(ring.publishedSequence(), ring.consumedSequence(), "stopped at the record's end, not inside");
                assertTrue(ring.consumedSequence() > before);
            }
        }
        assertEquals(written, records);
        assertTrue(ring.consumedSequence() > 3 * 16, "the records wrapped around the ring's end");
    }

    /** The barrier is seen at the end of the record during which it came (the check runs after every such record). */
    @Test
    void shouldCaptureWholeRecordsBetweenTheConsumersPositionAndAnUnalignedBarrier() throws Exception {
        List<TaskSnapshot> submitted = new ArrayList<>();
        BarrierHandler.CheckpointTarget target = new BarrierHandler.CheckpointTarget() {
            @Override
            public List<OperatorSnapshot> snapshotAndForward(long checkpointId, boolean unaligned) {
                return List.of();
            }

            @Override
            public void submit(TaskSnapshot snapshot) {
                submitted.add(snapshot);
            }
        };
        TaskInput gate = TestInputGates.withBarriers(new Channel[] {ring}, new Codec<?>[] {Codecs.STRING}, head,
            new BarrierHandler(BarrierMode.UNALIGNED, 0, new ManualClock(0), id -> -1, new Channel[] {ring},
                new ChannelDescriptor[] {new ChannelDescriptor("a", 0, "x", 0, 0)}, target));
        String over = "b".repeat(13);
        for (int i = 0; i < 7; i++) {
            assertTrue(write(over)); // 14 slots of 2
        }
        afterRecord = () -> {
            if (records.size() == 2) {
                ring.emitBarrier(1, true);
                afterRecord = () -> { };
            }
        };

        assertEquals(4, gate.process(16), "two records, four slots, then the barrier is shown");
        gate.process(0);

        InFlightCapture capture = submitted.get(0).inFlight().get(0);
        assertEquals(3, capture.fromExclusive(), "the capture starts after the second record's last slot");
        assertEquals(13, capture.toInclusive());
        List<String> inFlight = new ArrayList<>();
        capture.writeTo((buffer, offset, length) -> inFlight.add(Codecs.STRING.decode(buffer, offset + 8, length - 8)));
        assertEquals(List.of(over, over, over, over, over), inFlight, "the five records behind the barrier, whole");
        capture.release();
    }

    private boolean write(String record) {
        return ring.tryWriteRecord(record, record.length(), Codecs.STRING, "test");
    }
}
