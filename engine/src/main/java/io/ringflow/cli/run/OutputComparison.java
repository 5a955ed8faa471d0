package io.ringflow.cli.run;

import io.ringflow.api.codec.Codec;
import io.ringflow.cli.log.PayloadFormat;
import io.ringflow.connector.CommittedLogQueue;
import io.ringflow.connector.CommittedLogQueue.Record;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * Compares the committed output of two runs of a job, as {@link CommittedLogQueue} reads it
 * (commit order per queue, records of uncommitted transactions never). A record is its payload
 * bytes and its event time; append times and transaction boundaries do not count.
 * <ul>
 * <li>Both logs have the same queues (the same sink parallelism): identical means every queue
 * holds the same records in the same order, except that adjacent records of one event time may
 * come in any order (they are compared as a multiset): timers of one timestamp fire in a fixed
 * order, but what a task emits from records follows how its input channels interleaved, which
 * differs between runs.</li>
 * <li>Other queues (another parallelism): identical means the same records overall, counted with
 * their repetitions (a multiset), compared in one canonical order: by event time, then bytes.
 * Which subtask wrote a record, and the interleaving of subtasks, depend on the parallelism.</li>
 * </ul>
 */
final class OutputComparison {
    private static final Comparator<Record> CANONICAL = Comparator.comparingLong(Record::eventTime)
        .thenComparing(Record::payload, Arrays::compareUnsigned);

    private final Codec<?> codec;

    /** {@code codec} (may be null: hex only) shows differing payloads decoded too. */
    OutputComparison(Codec<?> codec) {
        this.codec = codec;
    }

    /** The first difference, in one line; null when the outputs are identical. */
    String firstDifference(Path expected, Path actual) {
        List<Integer> expectedQueues = CommittedLogQueue.queues(expected);
        List<Integer> actualQueues = CommittedLogQueue.queues(actual);
        if (expectedQueues.equals(actualQueues)) {
            for (int queue : expectedQueues) {
                String difference = compareQueue(expected, actual, queue);
                if (difference != null) {
                    return difference;
                }
            }
            return null;
        }
        return compareMultisets(readAll(expected), readAll(actual), expectedQueues.size(), actualQueues.size());
    }

    private String compareQueue(Path expected, Path actual, int queue) {
        try (Runs want = new Runs(CommittedLogQueue.open(expected, queue));
             Runs got = new Runs(CommittedLogQueue.open(actual, queue))) {
            for (long n = 0; ; ) {
                List<Record> a = want.next();
                List<Record> b = got.next();
                if (a.isEmpty() && b.isEmpty()) {
                    return null;
                }
                for (int i = 0; i < Math.max(a.size(), b.size()); i++, n++) {
                    Record x = i < a.size() ? a.get(i) : null;
                    Record y = i < b.size() ? b.get(i) : null;
                    if (x == null || y == null || !same(x, y)) {
                        return "queue subtask-" + queue + ", committed record " + n + ": expected " + show(x) + ", actual "
                            + show(y);
                    }
                }
            }
        }
    }

    /** The committed records of a queue in runs of one event time, each run in canonical order. */
    private static final class Runs implements AutoCloseable {
        private final CommittedLogQueue queue;
        private Record ahead;

        Runs(CommittedLogQueue queue) {
            this.queue = queue;
            this.ahead = queue.next();
        }

        /** The next run; empty after the last. */
        List<Record> next() {
            List<Record> run = new ArrayList<>();
            while (ahead != null && (run.isEmpty() || ahead.eventTime() == run.get(0).eventTime())) {
                run.add(ahead);
                ahead = queue.next();
            }
            run.sort(CANONICAL);
            return run;
        }

        @Override
        public void close() {
            queue.close();
        }
    }

    private String compareMultisets(List<Record> expected, List<Record> actual, int expectedQueues, int actualQueues) {
        expected.sort(CANONICAL);
        actual.sort(CANONICAL);
        for (int n = 0; n < Math.max(expected.size(), actual.size()); n++) {
            Record a = n < expected.size() ? expected.get(n) : null;
            Record b = n < actual.size() ? actual.get(n) : null;
            if (a == null || b == null || !same(a, b)) {
                return "committed record " + n + " in event-time order (the logs have " + expectedQueues + " and "
                    + actualQueues + " queues, so records are compared as a multiset): expected " + show(a) + ", actual "
                    + show(b);
            }
        }
        return null;
    }

    private static List<Record> readAll(Path dir) {
        List<Record> records = new ArrayList<>();
        for (int queue : CommittedLogQueue.queues(dir)) {
            try (CommittedLogQueue reader = CommittedLogQueue.open(dir, queue)) {
                for (Record record = reader.next(); record != null; record = reader.next()) {
                    records.add(record);
                }
            }
        }
        return records;
    }

    private static boolean same(Record a, Record b) {
        return a.eventTime() == b.eventTime() && Arrays.equals(a.payload(), b.payload());
    }

    private String show(Record record) {
        if (record == null) {
            return "no more records";
        }
        String text = "subtask-" + record.queue() + " index=" + record.index() + " event="
            + (record.eventTime() == Long.MIN_VALUE ? "-" : Instant.ofEpochMilli(record.eventTime()).toString())
            + " bytes=" + HexFormat.of().formatHex(record.payload());
        if (codec == null) {
            return text;
        }
        try {
            return text + " (" + PayloadFormat.show(codec.decode(new UnsafeBuffer(record.payload()), 0,
                record.payload().length)) + ")";
        } catch (RuntimeException e) {
            return text + " (does not decode with " + codec.type().getTypeName() + ")";
        }
    }
}
