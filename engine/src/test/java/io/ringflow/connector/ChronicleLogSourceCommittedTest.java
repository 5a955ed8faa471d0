package io.ringflow.connector;

import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.connector.InputStatus;
import io.ringflow.api.connector.ReaderOutput;
import io.ringflow.api.connector.SourceReader;
import io.ringflow.api.connector.SourceReaderContext;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.storage.log.LogDocumentDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Read-committed replay of exactly-once logs by {@link ChronicleLogSource}. */
class ChronicleLogSourceCommittedTest extends LogDirectoryTest {
    @ParameterizedTest(name = "reader parallelism {0}")
    @ValueSource(ints = {1, 3})
    void shouldReplayEachCommittedRecordOnceInCommitOrder(int parallelism) {
        TransactionalLog log = new TransactionalLog(dir, 2).write(40, 300, 7);
        CollectSink<Long> sink = new CollectSink<>();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(parallelism).setRingSize(64);
        env.fromSource(ChronicleLogSource.bounded(dir, Codecs.LONG), WatermarkStrategy.noWatermarks(), "log").sinkTo(sink);
        env.execute("replay-committed");

        List<List<Long>> perSubtask = sink.getResultsPerSubtask();
        for (int q = 0; q < 2; q++) {
            assertEquals(log.committed(q), fromQueue(perSubtask, q), "queue " + q + ": every committed record once, in commit order");
        }
        assertEquals(log.allCommitted().size(), sink.getResults().size(), "nothing else: no aborted or open record");
    }

    @Test
    void shouldEndABoundedReplayAtTheLastDocumentPresentAtTheStart() throws Exception {
        try (LogRecordWriter<Long> writer = LogRecordWriter.open(dir, 0, Codecs.LONG, false)) {
            long first = writer.newTransactionId();
            long second = writer.newTransactionId();
            writer.append(first, 1L, 0);
            writer.commit(first);
            writer.append(second, 2L, 0);
            try (SourceReader<Long> reader = ChronicleLogSource.bounded(dir, Codecs.LONG).createReader(context(0, 1))) {
                writer.commit(second);
                writer.append(LogDocumentDescriptor.AUTO_COMMIT_TXN_ID, 3L, 0);
                assertEquals(List.of(1L), readToEnd(reader), "the commit after the start is past the end");
            }
            try (SourceReader<Long> reader = ChronicleLogSource.bounded(dir, Codecs.LONG).createReader(context(0, 1))) {
                assertEquals(List.of(1L, 2L, 3L), readToEnd(reader));
            }
        }
    }

    @Test
    void shouldContinueExactlyFromEveryCheckpointedPosition() throws Exception {
        TransactionalLog log = new TransactionalLog(dir, 2).write(10, 60, 11);
        int midReplay = 0;
        for (int step = 0; ; step += 7) {
            ListOutput before = new ListOutput();
            byte[] position;
            try (SourceReader<Long> reader = ChronicleLogSource.bounded(dir, Codecs.LONG).createReader(context(0, 1))) {
                InputStatus status = InputStatus.MORE_AVAILABLE;
                for (int poll = 0; poll < step && status != InputStatus.END_OF_INPUT; poll++) {
                    status = reader.pollNext(before);
                }
                if (status == InputStatus.END_OF_INPUT) {
                    break;
                }
                position = reader.snapshotPosition(step);
            }
            midReplay += isReplaying(position) ? 1 : 0;
            assertTrue(position.length <= LogPositionDescriptor.HEADER_LENGTH + 2 * (LogPositionDescriptor.ENTRY_LENGTH
                + 8 * LogPositionDescriptor.OPEN_LENGTH), "aborted transactions are dropped: " + position.length + " bytes");
            try (SourceReader<Long> restored = ChronicleLogSource.bounded(dir, Codecs.LONG).createReader(context(0, 1))) {
                restored.restorePosition(position);
                List<Long> resumed = new ArrayList<>(before.values);
                resumed.addAll(readToEnd(restored));
                // the round-robin turn is not part of the position: compare queue by queue
                for (int q = 0; q < 2; q++) {
                    assertEquals(log.committed(q), fromQueue(List.of(resumed), q), "queue " + q + " restored after " + step + " polls");
                }
            }
        }
        assertTrue(midReplay > 0, "some positions were taken while a transaction was being replayed");
    }

    @Test
    void shouldRestoreAPositionOfTheFirstFormat() throws Exception {
        long third = -1;
        long last = -1;
        try (ChronicleLogAppender<Long> log = ChronicleLogSource.writer(dir, Codecs.LONG)) {
            for (long n = 0; n < 5; n++) {
                last = log.append(n);
                third = n == 2 ? last : third;
            }
        }
        // queue count, then subtask, position index, read flag, end index: what checkpoints of older versions hold
        byte[] position = ByteBuffer.allocate(4 + 21).putInt(1).putInt(0).putLong(third).put((byte) 1).putLong(last).array();
        try (SourceReader<Long> reader = ChronicleLogSource.bounded(dir, Codecs.LONG).createReader(context(0, 1))) {
            reader.restorePosition(position);
            assertEquals(List.of(3L, 4L), readToEnd(reader));
        }
    }

    /** The records of queue {@code q} (number modulo 2), concatenated over the subtasks; one subtask reads a queue. */
    static List<Long> fromQueue(List<List<Long>> perSubtask, int q) {
        List<Long> values = new ArrayList<>();
        for (List<Long> subtask : perSubtask) {
            subtask.stream().filter(v -> Math.floorMod(v, 2) == q).forEach(values::add);
        }
        return values;
    }

    /** Whether the first queue of a position is replaying a transaction (see LogPositionDescriptor). */
    private static boolean isReplaying(byte[] position) {
        return ByteBuffer.wrap(position).getLong(LogPositionDescriptor.HEADER_LENGTH + 21) != LogQueueCursor.SCANNING;
    }

    static List<Long> readToEnd(SourceReader<Long> reader) throws Exception {
        ListOutput output = new ListOutput();
        while (reader.pollNext(output) != InputStatus.END_OF_INPUT) {
            continue;
        }
        return output.values;
    }

    static SourceReaderContext context(int subtask, int parallelism) {
        return new SourceReaderContext() {
            @Override
            public int subtaskIndex() {
                return subtask;
            }

            @Override
            public int parallelism() {
                return parallelism;
            }

            @Override
            public long currentTimeMillis() {
                return System.currentTimeMillis();
            }
        };
    }

    static final class ListOutput implements ReaderOutput<Long> {
        final List<Long> values = new ArrayList<>();

        @Override
        public void collect(Long record) {
            values.add(record);
        }

        @Override
        public void collect(Long record, long timestamp) {
            values.add(record);
        }
    }
}
