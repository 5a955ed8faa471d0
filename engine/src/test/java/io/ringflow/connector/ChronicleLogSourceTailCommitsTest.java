package io.ringflow.connector;

import io.ringflow.api.JobClient;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.watermark.WatermarkStrategy;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static io.ringflow.connector.ChronicleLogSourceCommittedTest.fromQueue;
import static io.ringflow.connector.ChronicleLogSourceTest.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A tailing {@link ChronicleLogSource} emits a transaction when its COMMIT lands, while a writer appends. */
class ChronicleLogSourceTailCommitsTest extends LogDirectoryTest {
    static final long BEFORE = 10_000_000;
    static final long AFTER = 10_000_100;
    static final long LAST = 20_000_000;

    @Test
    void shouldEmitEachTransactionWhenItsCommitLands() throws Exception {
        CollectSink<Long> sink = new CollectSink<>();
        JobClient job = null;
        try {
            try (LogRecordWriter<Long> first = LogRecordWriter.open(dir, 0, Codecs.LONG, false);
                 LogRecordWriter<Long> second = LogRecordWriter.open(dir, 1, Codecs.LONG, false)) {
                long before = first.newTransactionId();
                long after = first.newTransactionId();
                appendThree(first, before, BEFORE);
                appendThree(first, after, AFTER);
                first.commit(before); // lands while the next transaction is open, as a sink commits
                appendThree(second, second.newTransactionId(), BEFORE + 1); // never committed

                StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(64);
                env.fromSource(ChronicleLogSource.tailing(dir, Codecs.LONG), WatermarkStrategy.noWatermarks(), "log").sinkTo(sink);
                job = env.executeAsync("tail-commits");
                awaitTrue(() -> sink.getResults().contains(BEFORE + 4));
                // the reader read the records of the open transaction before that COMMIT, and kept them back
                assertFalse(sink.getResults().contains(AFTER), "a transaction without its COMMIT stays invisible");
                first.commit(after);
                awaitTrue(() -> sink.getResults().contains(AFTER + 4));
                assertEquals(List.of(BEFORE, BEFORE + 2, BEFORE + 4, AFTER, AFTER + 2, AFTER + 4), fromQueue(sink.getResultsPerSubtask(), 0));
            }
            List<List<Long>> expected = appendWhileTailing(sink);
            for (int q = 0; q < 2; q++) {
                List<Long> seen = fromQueue(sink.getResultsPerSubtask(), q);
                assertEquals(expected.get(q), seen.subList(q == 0 ? 6 : 0, seen.size()), "queue " + q);
            }
        } finally {
            if (job != null) {
                job.cancel().join();
            }
        }
    }

    /**
     * Appends transactions to both queues from another thread, then one committed transaction
     * per queue after the open ones; once both are seen, everything before them was read.
     */
    private List<List<Long>> appendWhileTailing(CollectSink<Long> sink) throws Exception {
        TransactionalLog log = new TransactionalLog(dir, 2);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread appender = new Thread(() -> {
            try {
                log.write(30, 200, 3);
                for (int q = 0; q < 2; q++) {
                    try (LogRecordWriter<Long> writer = LogRecordWriter.open(dir, q, Codecs.LONG, false)) {
                        long last = writer.newTransactionId();
                        writer.append(last, LAST + q, 0);
                        writer.commit(last);
                    }
                }
            } catch (Throwable t) {
                failed.set(t);
            }
        }, "appender");
        appender.start();
        awaitTrue(() -> failed.get() != null || sink.getResults().containsAll(List.of(LAST, LAST + 1)));
        appender.join();
        assertNull(failed.get());
        List<List<Long>> expected = new ArrayList<>();
        for (int q = 0; q < 2; q++) {
            List<Long> queue = new ArrayList<>(log.committed(q));
            queue.add(LAST + q);
            expected.add(queue);
        }
        return expected;
    }

    private static void appendThree(LogRecordWriter<Long> writer, long txnId, long from) {
        for (long n = from; n < from + 6; n += 2) {
            writer.append(txnId, n, 0);
        }
    }
}
