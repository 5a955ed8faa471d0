package io.ringflow.cli.log;

import io.ringflow.storage.log.LogDocumentDescriptor;
import io.ringflow.storage.log.LogDocumentHandler;
import io.ringflow.storage.log.LogTailer;
import org.agrona.DirectBuffer;
import org.agrona.collections.LongHashSet;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code ringflow log stat}: what a log holds, counted. */
final class LogStat {
    private static final int OPEN_LISTED = 10;

    private LogStat() {
    }

    static int print(Path dir, PrintStream out) {
        try (LogQueues queues = LogQueues.open(dir)) {
            if (queues.subtaskDirectories() == 0) {
                out.println("log " + dir + ": empty, no subtask-N queue (an empty log, or not a log directory)");
                return 0;
            }
            Totals totals = new Totals();
            StringBuilder perQueue = new StringBuilder();
            for (LogQueues.Queue queue : queues.queues()) {
                QueueCounts counts = new QueueCounts(totals);
                queue.tailer().readToEnd(counts);
                perQueue.append("  ").append(queue.name()).append(": ").append(counts).append('\n');
            }
            int withoutFile = queues.subtaskDirectories() - queues.queues().size();
            out.printf("log %s: %d queue%s, %,d records, %,d commits%s%n", dir, queues.queues().size(),
                queues.queues().size() == 1 ? "" : "s", totals.records, totals.commits,
                withoutFile == 0 ? "" : " (" + withoutFile + " subtask director" + (withoutFile == 1 ? "y" : "ies")
                    + " without a queue file yet)");
            out.print(perQueue);
            if (totals.records + totals.commits == 0) {
                out.println("the log is empty: no records and no commits");
                return 0;
            }
            totals.print(out);
            return 0;
        }
    }

    /** Counts over all queues: transactions may commit in another queue than their records. */
    private static final class Totals {
        long records;
        long commits;
        long autoCommitted;
        long minEvent = Long.MAX_VALUE;
        long maxEvent = Long.MIN_VALUE;
        final LongHashSet committed = new LongHashSet();
        final Map<Long, Long> recordsByTxn = new LinkedHashMap<>();

        void print(PrintStream out) {
            long ofCommitted = recordsByTxn.entrySet().stream().filter(e -> committed.contains(e.getKey()))
                .mapToLong(Map.Entry::getValue).sum();
            List<Map.Entry<Long, Long>> open = recordsByTxn.entrySet().stream()
                .filter(e -> !committed.contains(e.getKey())).toList();
            long inOpen = open.stream().mapToLong(Map.Entry::getValue).sum();
            out.printf("records: %,d visible (%,d of committed transactions, %,d auto-committed), %,d in open"
                + " transactions%n", ofCommitted + autoCommitted, ofCommitted, autoCommitted, inOpen);
            String openList = open.stream().limit(OPEN_LISTED)
                .map(e -> DocumentLines.txn(e.getKey()) + " (" + e.getValue() + " records)")
                .collect(Collectors.joining(", "));
            out.printf("transactions: %,d committed, %,d open%s%n", committed.size(), open.size(),
                open.isEmpty() ? "" : ": " + openList + (open.size() > OPEN_LISTED ? ", ..." : ""));
            out.println("event time: " + (minEvent == Long.MAX_VALUE ? "none"
                : Instant.ofEpochMilli(minEvent) + " .. " + Instant.ofEpochMilli(maxEvent)));
        }
    }

    /** One queue's counts and bounds; adds to the totals. */
    private static final class QueueCounts implements LogDocumentHandler {
        private final Totals totals;
        private long records;
        private long commits;
        private long firstIndex = LogTailer.NO_INDEX;
        private long lastIndex = LogTailer.NO_INDEX;
        private long firstAppend = Long.MAX_VALUE;
        private long lastAppend = Long.MIN_VALUE;

        QueueCounts(Totals totals) {
            this.totals = totals;
        }

        @Override
        public void onRecord(long index, long txnId, long timestamp, long appendTimeMs, DirectBuffer payload, int length) {
            seen(index);
            records++;
            totals.records++;
            firstAppend = Math.min(firstAppend, appendTimeMs);
            lastAppend = Math.max(lastAppend, appendTimeMs);
            if (timestamp != LogDocumentDescriptor.NO_TIMESTAMP) {
                totals.minEvent = Math.min(totals.minEvent, timestamp);
                totals.maxEvent = Math.max(totals.maxEvent, timestamp);
            }
            if (txnId == LogDocumentDescriptor.AUTO_COMMIT_TXN_ID) {
                totals.autoCommitted++;
            } else {
                totals.recordsByTxn.merge(txnId, 1L, Long::sum);
            }
        }

        @Override
        public void onCommit(long index, long txnId) {
            seen(index);
            commits++;
            totals.commits++;
            totals.committed.add(txnId);
        }

        private void seen(long index) {
            if (firstIndex == LogTailer.NO_INDEX) {
                firstIndex = index;
            }
            lastIndex = index;
        }

        @Override
        public String toString() {
            if (firstIndex == LogTailer.NO_INDEX) {
                return "empty";
            }
            return String.format("%,d records, %,d commits, index %d .. %d, appended %s .. %s", records, commits,
                firstIndex, lastIndex, records == 0 ? "-" : Instant.ofEpochMilli(firstAppend),
                records == 0 ? "-" : Instant.ofEpochMilli(lastAppend));
        }
    }
}
