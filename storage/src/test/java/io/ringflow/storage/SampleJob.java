package io.ringflow.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ringflow.storage.file.InFlightOutput;
import io.ringflow.storage.file.StateOutput;
import io.ringflow.storage.metadata.ChannelDescriptor;
import io.ringflow.storage.metadata.KeyGroupRange;
import io.ringflow.storage.metadata.OperatorDescriptor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A small job whose snapshot content is a function of the checkpoint id: a source with
 * positions and operator state, a keyed "sum" with one chunk per key group (two large enough
 * to leave the heap), and in-flight records on the channels between them.
 */
public final class SampleJob {
    public static final String SOURCE = "source";
    public static final String SUM = "sum";
    public static final int PARALLELISM = 2;
    public static final int MAX_PARALLELISM = 8;
    public static final int LARGE_CHUNK = 64 * 1024;
    public static final List<OperatorDescriptor> OPERATORS = List.of(
        new OperatorDescriptor(SOURCE, PARALLELISM, MAX_PARALLELISM),
        new OperatorDescriptor(SUM, PARALLELISM, MAX_PARALLELISM));

    private SampleJob() {
    }

    public static ChannelDescriptor channel(int from, int to) {
        return new ChannelDescriptor(SOURCE, from, SUM, to, 0);
    }

    /** Bytes of key group {@code keyGroup} in checkpoint {@code id}; key groups 1 and 6 are large. */
    public static byte[] keyGroupBytes(long id, int keyGroup) {
        byte[] bytes = new byte[keyGroup % 5 == 1 ? LARGE_CHUNK : 10 + keyGroup * 3];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (id * 31 + keyGroup * 7 + i);
        }
        return bytes;
    }

    public static byte[] position(long id, int subtask) {
        return ByteBuffer.allocate(Long.BYTES).putLong(id * 1000 + subtask).array();
    }

    public static byte[] operatorState(long id, int subtask) {
        return ("offsets-" + id + "-" + subtask).getBytes();
    }

    public static List<byte[]> records(long id, int from, int to) {
        List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 3 + from + to; i++) {
            records.add(("record-" + id + "-" + from + "-" + to + "-" + i).getBytes());
        }
        return records;
    }

    /** Writes every stream of checkpoint {@code writer.checkpointId()}, not completing it. */
    public static void writeStreams(CheckpointWriter writer) {
        long id = writer.checkpointId();
        for (int s = 0; s < PARALLELISM; s++) {
            writer.sourcePosition(SOURCE, s, position(id, s));
            StateOutput source = writer.openState(SOURCE, s);
            source.writeOperatorState("offsets", operatorState(id, s));
            source.finish();
            StateOutput sum = writer.openState(SUM, s);
            KeyGroupRange range = KeyGroupRange.forSubtask(MAX_PARALLELISM, PARALLELISM, s);
            for (int kg = range.start(); kg <= range.end(); kg++) {
                sum.writeKeyGroup(kg, keyGroupBytes(id, kg));
            }
            sum.finish();
            for (int to = 0; to < PARALLELISM; to++) {
                InFlightOutput channel = writer.openInFlight(channel(s, to));
                records(id, s, to).forEach(channel::append);
                channel.finish();
            }
        }
    }

    public static CompletedCheckpoint write(CheckpointStorage storage, String jobId, long id) {
        CheckpointWriter writer = storage.beginCheckpoint(jobId, id);
        writeStreams(writer);
        return writer.complete(OPERATORS);
    }

    /** Reads everything back and compares it with what {@link #writeStreams} wrote. */
    public static void assertContent(CompletedCheckpoint checkpoint, long id) {
        assertEquals(id, checkpoint.checkpointId());
        for (int s = 0; s < PARALLELISM; s++) {
            assertArrayEquals(position(id, s), checkpoint.sourcePosition(SOURCE, s));
            List<byte[]> opState = new ArrayList<>();
            checkpoint.readOperatorState(SOURCE, s, (name, buffer, offset, length) -> {
                assertEquals("offsets", name);
                opState.add(copy(buffer, offset, length));
            });
            assertEquals(1, opState.size());
            assertArrayEquals(operatorState(id, s), opState.get(0));
            List<Integer> keyGroups = new ArrayList<>();
            checkpoint.readKeyedState(SUM, s, (kg, buffer, offset, length) -> {
                keyGroups.add(kg);
                assertArrayEquals(keyGroupBytes(id, kg), copy(buffer, offset, length), "key group " + kg);
            });
            KeyGroupRange range = KeyGroupRange.forSubtask(MAX_PARALLELISM, PARALLELISM, s);
            assertEquals(range.size(), keyGroups.size());
            for (int to = 0; to < PARALLELISM; to++) {
                List<byte[]> read = new ArrayList<>();
                checkpoint.readInFlight(channel(s, to), (buffer, offset, length) -> read.add(copy(buffer, offset, length)));
                List<byte[]> expected = records(id, s, to);
                assertEquals(expected.size(), read.size());
                for (int i = 0; i < expected.size(); i++) {
                    assertArrayEquals(expected.get(i), read.get(i));
                }
            }
        }
    }

    public static byte[] copy(org.agrona.DirectBuffer buffer, int offset, int length) {
        byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return bytes;
    }
}
