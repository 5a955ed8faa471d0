package io.ringflow.cli.log;

import io.ringflow.storage.log.LogDocumentDescriptor;
import io.ringflow.storage.log.LogDocumentHandler;
import io.ringflow.storage.log.LogTailer;
import org.agrona.DirectBuffer;
import org.agrona.collections.LongHashSet;

import java.io.BufferedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * {@code ringflow log dump}: every document, queue by queue in append order. With
 * {@code --committed}, as {@code LogReader.readCommitted} reads: the commits of all queues
 * first, then the records they make visible.
 */
final class LogDump {
    private LogDump() {
    }

    static int dump(Path dir, boolean committedOnly, PayloadFormat format, PrintStream out, PrintStream err,
                    String label) {
        try (LogQueues queues = LogQueues.open(dir)) {
            if (queues.queues().isEmpty()) {
                err.println(label + dir + " holds no subtask queue: an empty log, or not a log directory");
                return 0;
            }
            LongHashSet committed = committedOnly ? commits(queues) : null;
            PrintStream buffered = new PrintStream(new BufferedOutputStream(out, 1 << 16), false, StandardCharsets.UTF_8);
            long printed = 0;
            try {
                for (LogQueues.Queue queue : queues.queues()) {
                    Printer printer = new Printer(queue.name(), committed, format, buffered);
                    queue.tailer().readToEnd(printer);
                    printed += printer.printed;
                }
            } finally {
                buffered.flush();
            }
            if (printed == 0) {
                err.println(label + dir + (committedOnly ? " holds no committed record" : " is empty: no records and no commits"));
            }
            return 0;
        }
    }

    private static LongHashSet commits(LogQueues queues) {
        LongHashSet committed = new LongHashSet();
        LogDocumentHandler commits = new LogDocumentHandler() {
            @Override
            public void onRecord(long index, long txnId, long timestamp, long appendTimeMs, DirectBuffer payload, int length) {
            }

            @Override
            public void onCommit(long index, long txnId) {
                committed.add(txnId);
            }
        };
        for (LogQueues.Queue queue : queues.queues()) {
            queue.tailer().readToEnd(commits);
            queue.tailer().seek(LogTailer.NO_INDEX, false);
        }
        return committed;
    }

    /** Prints one queue's documents; with a committed set, only the records it makes visible. */
    private static final class Printer implements LogDocumentHandler {
        private final String queue;
        private final LongHashSet committed;
        private final PayloadFormat format;
        private final PrintStream out;
        long printed;

        Printer(String queue, LongHashSet committed, PayloadFormat format, PrintStream out) {
            this.queue = queue;
            this.committed = committed;
            this.format = format;
            this.out = out;
        }

        @Override
        public void onRecord(long index, long txnId, long timestamp, long appendTimeMs, DirectBuffer payload, int length) {
            if (committed == null || txnId == LogDocumentDescriptor.AUTO_COMMIT_TXN_ID || committed.contains(txnId)) {
                out.println(DocumentLines.record(queue, index, txnId, timestamp, appendTimeMs,
                    format.format(queue, index, payload, length)));
                printed++;
            }
        }

        @Override
        public void onCommit(long index, long txnId) {
            if (committed == null) {
                out.println(DocumentLines.commit(queue, index, txnId));
                printed++;
            }
        }
    }
}
