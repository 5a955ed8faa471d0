package io.ringflow.connector;

import io.ringflow.api.codec.Codecs;
import io.ringflow.storage.log.LogDocumentDescriptor;
import io.ringflow.storage.log.LogException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ChronicleLogReaderTest extends LogDirectoryTest {
    @Test
    void shouldDecodeCommittedRecordsOnlyAndEveryRecordOnReadAll() {
        try (LogRecordWriter<String> first = LogRecordWriter.open(dir, 0, Codecs.STRING, true);
             LogRecordWriter<String> second = LogRecordWriter.open(dir, 1, Codecs.STRING, true)) {
            long committed = first.newTransactionId();
            long open = second.newTransactionId();
            assertNotEquals(committed, open);
            first.append(committed, "committed-1", 10);
            second.append(open, "never-committed", 11);
            first.append(LogDocumentDescriptor.AUTO_COMMIT_TXN_ID, "auto", 12);
            first.append(committed, "committed-2", 13);
            second.commit(committed);
            first.commit(committed);
        }
        assertEquals(List.of("committed-1", "auto", "committed-2"), ChronicleLogReader.readCommitted(dir, Codecs.STRING));
        assertEquals(List.of("committed-1", "auto", "committed-2", "never-committed"), ChronicleLogReader.readAll(dir, Codecs.STRING));
    }

    @Test
    void shouldStreamRecordsToAConsumer() {
        try (ChronicleLogAppender<String> log = ChronicleLogSource.writer(dir, Codecs.STRING)) {
            log.append("a");
            log.append("b");
        }
        List<String> streamed = new ArrayList<>();
        ChronicleLogReader.readCommitted(dir, Codecs.STRING, streamed::add);
        ChronicleLogReader.readAll(dir, Codecs.STRING, streamed::add);
        assertEquals(List.of("a", "b", "a", "b"), streamed);
    }

    @Test
    void shouldEncodeRecordsLargerThanItsFirstBuffer() {
        String large = "x".repeat(100_000);
        try (ChronicleLogAppender<String> log = ChronicleLogSource.writer(dir, Codecs.STRING)) {
            log.append(large);
        }
        assertEquals(List.of(large), ChronicleLogReader.readAll(dir, Codecs.STRING));
    }

    @Test
    void shouldNameAMissingLogDirectory() {
        LogException missing = assertThrows(LogException.class, () -> ChronicleLogReader.readCommitted(dir.resolve("none"), Codecs.LONG));
        assertEquals(dir.resolve("none") + ": no such log directory", missing.getMessage());
    }
}
