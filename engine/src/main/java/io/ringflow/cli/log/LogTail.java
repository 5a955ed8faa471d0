package io.ringflow.cli.log;

import io.ringflow.storage.log.LogDocumentDescriptor;
import io.ringflow.storage.log.LogDocumentHandler;
import io.ringflow.storage.log.LogTailer;
import org.agrona.DirectBuffer;
import org.agrona.collections.LongHashSet;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * {@code ringflow log tail}: prints documents appended after it opened, and follows queues that
 * appear later from their start. With {@code --committed} it prints a transaction's records when
 * its COMMIT is read (in any queue), records of earlier open transactions included, and
 * auto-committed records at once.
 */
final class LogTail implements AutoCloseable {
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long RESCAN_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final LogQueues queues;
    private final boolean committedOnly;
    private final PayloadFormat format;
    private final PrintStream out;
    private final List<LogQueues.Queue> following = new ArrayList<>();
    private final LongHashSet committed = new LongHashSet();
    /** Lines of transactions without a commit yet, printed when it comes. */
    private final Map<Long, List<String>> pending = new HashMap<>();
    private final Handler handler = new Handler();
    private long lastRescan = System.nanoTime();

    private LogTail(LogQueues queues, boolean committedOnly, PayloadFormat format, PrintStream out) {
        this.queues = queues;
        this.committedOnly = committedOnly;
        this.format = format;
        this.out = out;
    }

    /** Opens the log and reads what it holds without printing, so that following starts at its end. */
    static LogTail open(Path dir, boolean committedOnly, PayloadFormat format, PrintStream out) {
        LogQueues queues = LogQueues.open(dir);
        LogTail tail = new LogTail(queues, committedOnly, format, out);
        try {
            for (LogQueues.Queue queue : queues.queues()) {
                tail.catchUp(queue);
            }
        } catch (RuntimeException e) {
            tail.close();
            throw e;
        }
        return tail;
    }

    String describe() {
        int count = following.size();
        return queues.directory() + " (" + (count == 0 ? "no queue yet" : count + " queue" + (count == 1 ? "" : "s")) + ")";
    }

    /** Prints what is appended until {@code stop} says so; checks it between polls. */
    void follow(BooleanSupplier stop) {
        while (!stop.getAsBoolean()) {
            if (!pollOnce()) {
                LockSupport.parkNanos(IDLE_NANOS);
            }
        }
    }

    /** One pass over every queue (and a look for new queues now and then); true when it read anything. */
    boolean pollOnce() {
        if (System.nanoTime() - lastRescan > RESCAN_NANOS) {
            lastRescan = System.nanoTime();
            following.addAll(queues.openNew()); // new queues are read from their start
        }
        boolean read = false;
        for (LogQueues.Queue queue : following) {
            handler.queue = queue.name();
            while (queue.tailer().poll(handler) != 0) {
                read = true;
            }
        }
        if (read) {
            out.flush();
        }
        return read;
    }

    private void catchUp(LogQueues.Queue queue) {
        if (committedOnly) {
            handler.queue = queue.name();
            handler.silent = true;
            try {
                while (queue.tailer().poll(handler) != 0) {
                    continue;
                }
            } finally {
                handler.silent = false;
            }
        } else if (queue.tailer().lastIndex() != LogTailer.NO_INDEX) {
            queue.tailer().seek(queue.tailer().lastIndex(), true);
        }
        following.add(queue);
    }

    @Override
    public void close() {
        queues.close();
    }

    /** Prints, or holds back until the commit; while catching up, only remembers. */
    private final class Handler implements LogDocumentHandler {
        String queue;
        boolean silent;

        @Override
        public void onRecord(long index, long txnId, long timestamp, long appendTimeMs, DirectBuffer payload, int length) {
            boolean visible = !committedOnly || txnId == LogDocumentDescriptor.AUTO_COMMIT_TXN_ID
                || committed.contains(txnId);
            if (visible && silent) {
                return;
            }
            String line = DocumentLines.record(queue, index, txnId, timestamp, appendTimeMs,
                format.format(queue, index, payload, length));
            if (visible) {
                out.println(line);
            } else {
                pending.computeIfAbsent(txnId, id -> new ArrayList<>()).add(line);
            }
        }

        @Override
        public void onCommit(long index, long txnId) {
            if (!committedOnly) {
                out.println(DocumentLines.commit(queue, index, txnId));
                return;
            }
            committed.add(txnId);
            List<String> lines = pending.remove(txnId);
            if (lines != null && !silent) {
                lines.forEach(out::println);
            }
        }
    }
}
