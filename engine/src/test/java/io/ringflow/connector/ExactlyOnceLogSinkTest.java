package io.ringflow.connector;

import io.ringflow.api.codec.Codecs;
import io.ringflow.api.connector.SinkContext;
import io.ringflow.api.connector.WriterHarness;
import io.ringflow.storage.log.LogDirectory;
import io.ringflow.storage.log.LogTailer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The transactions of {@link ChronicleLogSink#exactlyOnce}, driven without a job. */
class ExactlyOnceLogSinkTest extends LogDirectoryTest {
    @Test
    void shouldMakeRecordsVisibleOnlyWhenTheirCheckpointCompletes() throws Exception {
        WriterHarness<Long> writer = open(0, 1, null);
        writer.write(1L).write(2L).snapshot(1);
        writer.write(3L);
        assertEquals(List.of(), committed());
        assertEquals(List.of(1L, 2L, 3L), ChronicleLogReader.readAll(dir, Codecs.LONG));
        writer.notifyComplete(1);
        assertEquals(List.of(1L, 2L), committed());
        writer.close();
        assertEquals(List.of(1L, 2L), committed(), "the open transaction is aborted, its record stays invisible");
    }

    @Test
    void shouldCommitRestoredTransactionsAgainWithoutDuplicates() throws Exception {
        WriterHarness<Long> failed = open(0, 1, null);
        byte[] checkpoint = failed.write(1L).snapshot(1);
        failed.write(2L).close();

        WriterHarness<Long> restored = open(0, 1, List.of(checkpoint));
        assertEquals(List.of(1L), committed());
        restored.write(3L).snapshot(2);
        restored.notifyComplete(2);
        restored.close();
        assertEquals(List.of(1L, 3L), committed());

        // checkpoint 2 committed 3, written after checkpoint 1: restoring 1 again would write 3 again
        io.ringflow.api.SuppressRestartsException refused = org.junit.jupiter.api.Assertions.assertThrows(
            io.ringflow.api.SuppressRestartsException.class, () -> open(0, 1, List.of(checkpoint)));
        assertTrue(refused.getMessage().contains("begun after that checkpoint"), refused.getMessage());
        assertEquals(List.of(1L, 3L), committed(), "nothing committed by the refused restore");
        new WriterHarness<>(ChronicleLogSink.exactlyOnce(dir, Codecs.LONG), 0, 1, true, List.of(checkpoint), true).close();
        assertEquals(List.of(1L, 3L), committed(), "allowed, it commits 1 again, which changes nothing");
    }

    @Test
    void shouldRestoreTheSameCheckpointAgainWhileNothingLaterWasCommitted() throws Exception {
        WriterHarness<Long> failed = open(0, 1, null);
        byte[] checkpoint = failed.write(1L).snapshot(1);
        failed.write(2L).close();
        WriterHarness<Long> restored = open(0, 1, List.of(checkpoint));
        restored.write(3L).snapshot(2); // never completed: the next failover restores 1 again
        restored.close();

        open(0, 1, List.of(checkpoint)).close();
        assertEquals(List.of(1L), committed());
    }

    @Test
    void shouldCommitInTheQueueOfTheSubtaskThatRecovers() throws Exception {
        WriterHarness<Long> first = open(0, 2, null);
        WriterHarness<Long> second = open(1, 2, null);
        List<byte[]> checkpoint = List.of(first.write(10L).snapshot(1), second.write(11L).snapshot(1));
        first.close();
        second.close();

        open(0, 1, checkpoint).close();
        assertEquals(List.of(10L, 11L), committed());
        assertEquals(List.of(0, 1), LogDirectory.subtasks(dir));
    }

    @Test
    void shouldAppendNothingForCheckpointsWithoutRecords() throws Exception {
        WriterHarness<Long> writer = open(0, 1, null);
        for (long id = 1; id <= 3; id++) {
            writer.snapshot(id);
            writer.notifyComplete(id);
        }
        writer.close();
        try (LogTailer tailer = LogTailer.open(LogDirectory.queueDirectory(dir, 0))) {
            assertEquals(LogTailer.NO_INDEX, tailer.lastIndex());
        }
    }

    @Test
    void shouldPutAPreCommittedTransactionOnTheDeviceUnderFlushDurability() {
        ExactlyOnceLogSink<Long> sink = new ExactlyOnceLogSink<>(dir, Codecs.LONG);
        SinkContext context = context(true);
        LogTransaction transaction = sink.beginTransaction(context);
        sink.write(transaction, 1L, 0);
        sink.write(transaction, 2L, 0);
        assertEquals(LogTailer.NO_INDEX, transaction.writer.lastIndexOnDevice());
        sink.preCommit(transaction);
        assertEquals(transaction.writer.lastIndexAppended(), transaction.writer.lastIndexOnDevice(),
            "every record of the transaction is on the device when pre-commit returns, before the acknowledgement");
        sink.close(context);
    }

    @Test
    void shouldLeaveAPreCommittedTransactionInThePageCacheUnderPageCacheDurability() {
        ExactlyOnceLogSink<Long> sink = new ExactlyOnceLogSink<>(dir, Codecs.LONG);
        SinkContext context = context(false);
        LogTransaction transaction = sink.beginTransaction(context);
        sink.write(transaction, 1L, 0);
        sink.preCommit(transaction);
        assertEquals(LogTailer.NO_INDEX, transaction.writer.lastIndexOnDevice(), "page-cache durability forces nothing");
        sink.close(context);
    }

    static SinkContext context(boolean flushToDevice) {
        return new SinkContext() {
            @Override
            public int subtaskIndex() {
                return 0;
            }

            @Override
            public int parallelism() {
                return 1;
            }

            @Override
            public boolean isCheckpointingEnabled() {
                return true;
            }

            @Override
            public boolean isFlushToDevice() {
                return flushToDevice;
            }
        };
    }

    private WriterHarness<Long> open(int subtask, int parallelism, List<byte[]> restored) throws Exception {
        return new WriterHarness<>(ChronicleLogSink.exactlyOnce(dir, Codecs.LONG), subtask, parallelism, true, restored);
    }

    private List<Long> committed() {
        return ChronicleLogReader.readCommitted(dir, Codecs.LONG);
    }
}
