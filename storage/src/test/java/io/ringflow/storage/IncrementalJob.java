package io.ringflow.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ringflow.storage.file.StateOutput;
import io.ringflow.storage.metadata.KeyGroupRange;
import io.ringflow.storage.metadata.OperatorDescriptor;
import io.ringflow.storage.metadata.StreamHandle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A keyed "sum" operator checkpointed incrementally: a full checkpoint writes a chunk for every
 * key group of a subtask, a link (one with a base) only every other key group, as if only those
 * changed. A chunk says which checkpoint and key group wrote it, so a read shows the order in
 * which the chain's streams were applied.
 */
final class IncrementalJob {
    static final String SUM = "sum";
    static final int PARALLELISM = 2;
    static final int MAX_PARALLELISM = 8;
    static final List<OperatorDescriptor> OPERATORS = List.of(
        new OperatorDescriptor(SUM, PARALLELISM, MAX_PARALLELISM));
    private static final int CHUNK_LENGTH = 300;

    private IncrementalJob() {
    }

    static KeyGroupRange range(int subtask) {
        return KeyGroupRange.forSubtask(MAX_PARALLELISM, PARALLELISM, subtask);
    }

    /** The key groups checkpoint {@code id} writes for {@code subtask}: all for a full one. */
    static List<Integer> keyGroups(long id, int subtask, boolean full) {
        List<Integer> keyGroups = new ArrayList<>();
        KeyGroupRange range = range(subtask);
        for (int kg = range.start(); kg <= range.end(); kg++) {
            if (full || (kg + id) % 2 == 0) {
                keyGroups.add(kg);
            }
        }
        return keyGroups;
    }

    /** The chunk of {@code keyGroup} written by checkpoint {@code id}: "id:kg:" then filler. */
    static byte[] chunk(long id, int keyGroup) {
        byte[] head = (id + ":" + keyGroup + ":").getBytes(StandardCharsets.US_ASCII);
        byte[] bytes = Arrays.copyOf(head, CHUNK_LENGTH);
        for (int i = head.length; i < bytes.length; i++) {
            bytes[i] = (byte) (id * 13 + keyGroup * 5 + i);
        }
        return bytes;
    }

    /** The base of each subtask of a link on {@code previous}, or a full checkpoint when null. */
    static List<StreamHandle> baseOn(CompletedCheckpoint previous, int subtask) {
        return previous == null ? List.of() : previous.metadata().operator(SUM).subtask(subtask).keyedStreams();
    }

    /** Writes the shared state of every subtask, on the streams of {@code previous} (null: full). */
    static void writeStreams(CheckpointWriter writer, CompletedCheckpoint previous) {
        for (int s = 0; s < PARALLELISM; s++) {
            List<StreamHandle> base = baseOn(previous, s);
            StateOutput out = writer.openSharedState(SUM, s, base);
            for (int kg : keyGroups(writer.checkpointId(), s, base.isEmpty())) {
                out.writeKeyGroup(kg, chunk(writer.checkpointId(), kg));
            }
            out.finish();
        }
    }

    static CompletedCheckpoint write(CheckpointStorage storage, String jobId, long id, CompletedCheckpoint previous) {
        CheckpointWriter writer = storage.beginCheckpoint(jobId, id);
        writeStreams(writer, previous);
        return writer.complete(OPERATORS);
    }

    /**
     * What a read of {@code range} delivers from a chain of checkpoints {@code chain} (oldest, a
     * full one, first), as "id:kg": per old subtask, each stream of the chain in order.
     */
    static List<String> expected(KeyGroupRange range, long... chain) {
        List<String> expected = new ArrayList<>();
        for (int s = 0; s < PARALLELISM; s++) {
            for (int i = 0; i < chain.length; i++) {
                for (int kg : keyGroups(chain[i], s, i == 0)) {
                    if (range.contains(kg)) {
                        expected.add(chain[i] + ":" + kg);
                    }
                }
            }
        }
        return expected;
    }

    /** Reads {@code range} and returns the chunks as "id:kg", checking each chunk's bytes. */
    static List<String> read(CompletedCheckpoint checkpoint, KeyGroupRange range) {
        List<String> seen = new ArrayList<>();
        checkpoint.readKeyedState(SUM, range, (kg, buffer, offset, length) -> seen.add(describe(kg,
            SampleJob.copy(buffer, offset, length))));
        return seen;
    }

    /** Reads one subtask's own key groups, as "id:kg". */
    static List<String> read(CompletedCheckpoint checkpoint, int subtask) {
        List<String> seen = new ArrayList<>();
        checkpoint.readKeyedState(SUM, subtask, (kg, buffer, offset, length) -> seen.add(describe(kg,
            SampleJob.copy(buffer, offset, length))));
        return seen;
    }

    static KeyGroupRange all() {
        return new KeyGroupRange(0, MAX_PARALLELISM - 1);
    }

    private static String describe(int keyGroup, byte[] bytes) {
        String[] parts = new String(bytes, StandardCharsets.US_ASCII).split(":", 3);
        long id = Long.parseLong(parts[0]);
        assertEquals(keyGroup, Integer.parseInt(parts[1]), "chunk delivered for another key group");
        assertArrayEquals(chunk(id, keyGroup), bytes, "chunk " + id + ":" + keyGroup);
        return id + ":" + keyGroup;
    }
}
