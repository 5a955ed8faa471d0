package io.ringflow.connector;

import io.ringflow.api.codec.Codecs;
import io.ringflow.api.connector.SourceReader;
import io.ringflow.connector.ChronicleLogSourceCommittedTest.ListOutput;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;

import static io.ringflow.connector.ChronicleLogSourceCommittedTest.context;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A tailing {@link ChronicleLogSource} follows subtask queues created after it started (a job
 * chained behind another may start before the writing job's subtasks opened theirs), and a
 * position checkpointed before a queue appeared restores with that queue read from its start.
 */
class ChronicleLogSourceNewQueuesTest extends LogDirectoryTest {
    private static final long DEADLINE_NANOS = 10_000_000_000L;

    @Test
    void shouldReadQueuesCreatedAfterATailingReaderStarted() throws Exception {
        Files.createDirectories(dir);
        try (SourceReader<Long> first = ChronicleLogSource.tailing(dir, Codecs.LONG).createReader(context(0, 2));
             SourceReader<Long> second = ChronicleLogSource.tailing(dir, Codecs.LONG).createReader(context(1, 2))) {
            ListOutput seenByFirst = new ListOutput();
            ListOutput seenBySecond = new ListOutput();
            first.pollNext(seenByFirst);
            second.pollNext(seenBySecond);
            for (int queue = 0; queue < 3; queue++) {
                commit(queue, 100L + queue, 200L + queue);
            }

            pollUntil(first, seenByFirst, 4);
            pollUntil(second, seenBySecond, 2);

            assertEquals(List.of(100L, 102L, 200L, 202L), seenByFirst.values.stream().sorted().toList(),
                "queues 0 and 2 (even): subtask 0's share");
            assertEquals(List.of(101L, 201L), seenBySecond.values, "queue 1: subtask 1's share");
        }
    }

    @Test
    void shouldRestoreAPositionTakenBeforeAQueueAppearedReadingThatQueueFromItsStart() throws Exception {
        commit(0, 1L, 2L);
        byte[] position;
        try (SourceReader<Long> reader = ChronicleLogSource.tailing(dir, Codecs.LONG).createReader(context(0, 1))) {
            ListOutput seen = new ListOutput();
            pollUntil(reader, seen, 2);
            position = reader.snapshotPosition(1);
        }
        commit(0, 3L);
        commit(1, 10L, 11L);

        try (SourceReader<Long> restored = ChronicleLogSource.tailing(dir, Codecs.LONG).createReader(context(0, 1))) {
            restored.restorePosition(position);
            ListOutput seen = new ListOutput();
            pollUntil(restored, seen, 3);
            assertEquals(List.of(3L, 10L, 11L), seen.values.stream().sorted().toList(),
                "queue 0 after its position, queue 1 (not in the checkpoint) from its start");
        }
        try (SourceReader<Long> bounded = ChronicleLogSource.bounded(dir, Codecs.LONG).createReader(context(0, 1))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> bounded.restorePosition(position));
            assertTrue(e.getMessage().contains("gained or lost subtask queues"), e.getMessage());
        }
    }

    private void commit(int queue, Long... values) {
        try (LogRecordWriter<Long> writer = LogRecordWriter.open(dir, queue, Codecs.LONG, false)) {
            long txn = writer.newTransactionId();
            for (Long value : values) {
                writer.append(txn, value, 0);
            }
            writer.commit(txn);
        }
    }

    private static void pollUntil(SourceReader<Long> reader, ListOutput seen, int count) throws Exception {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        while (seen.values.size() < count) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("read " + seen.values + ", expected " + count + " records");
            }
            if (reader.pollNext(seen) == io.ringflow.api.connector.InputStatus.NOTHING_AVAILABLE) {
                Thread.sleep(1);
            }
        }
    }
}
