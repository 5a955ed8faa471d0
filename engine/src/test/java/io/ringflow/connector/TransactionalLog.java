package io.ringflow.connector;

import io.ringflow.api.codec.Codecs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes an exactly-once log the way sink subtasks do, with everything a read-committed reader
 * must get right. Queue {@code q} of {@code queues} holds the numbers {@code q, q + queues, ...}
 * in transactions of random sizes; each COMMIT lands halfway through the next transaction's
 * records (as when a checkpoint completes while the sink writes on); about one transaction in
 * five is aborted (negative numbers, never committed); some commits are repeated later (as after
 * a recovery); a COMMIT of a transaction without records; and an open transaction at the end.
 */
final class TransactionalLog {
    private final Path dir;
    private final int queues;
    private final List<List<Long>> committed = new ArrayList<>();

    TransactionalLog(Path dir, int queues) {
        this.dir = dir;
        this.queues = queues;
        for (int q = 0; q < queues; q++) {
            committed.add(new ArrayList<>());
        }
    }

    /** Writes {@code transactions} transactions into every queue, one queue after the other. */
    TransactionalLog write(int transactions, int maxSize, long seed) {
        for (int q = 0; q < queues; q++) {
            try (QueueWriter writer = new QueueWriter(q, new Random(seed + q))) {
                for (int t = 0; t < transactions; t++) {
                    writer.transaction(maxSize);
                }
                writer.finish();
            }
        }
        return this;
    }

    /** The committed numbers of queue {@code q}, in commit order. */
    List<Long> committed(int q) {
        return committed.get(q);
    }

    /** Every committed number. */
    List<Long> allCommitted() {
        return committed.stream().flatMap(List::stream).toList();
    }

    /** The writer of one queue; used by one thread. */
    final class QueueWriter implements AutoCloseable {
        private final int queue;
        private final Random random;
        private final LogRecordWriter<Long> writer;
        private long next;
        private long pending;
        private long lastCommitted;
        private final List<Long> pendingValues = new ArrayList<>();

        QueueWriter(int queue, Random random) {
            this.queue = queue;
            this.random = random;
            this.writer = LogRecordWriter.open(dir, queue, Codecs.LONG, false);
            this.next = queue;
        }

        /** One transaction of 1 to {@code maxSize} records, committing the previous one halfway. */
        void transaction(int maxSize) {
            boolean aborted = random.nextInt(5) == 0;
            long id = writer.newTransactionId();
            int size = 1 + random.nextInt(maxSize);
            List<Long> values = new ArrayList<>();
            for (int r = 0; r < size; r++) {
                if (r == size / 2) {
                    commitPending();
                }
                long value = aborted ? -1 - random.nextInt(1_000_000) : take();
                writer.append(id, value, 1_000 + r);
                values.add(value);
            }
            if (!aborted) {
                pending = id;
                pendingValues.addAll(values);
            }
        }

        /** Commits the last transaction, commits one without records, and leaves one open. */
        void finish() {
            commitPending();
            writer.commit(writer.newTransactionId());
            long open = writer.newTransactionId();
            writer.append(open, -1L, 0);
            writer.append(open, -2L, 0);
            writer.sync();
        }

        private long take() {
            long value = next;
            next += queues;
            return value;
        }

        private void commitPending() {
            if (pending == 0) {
                return;
            }
            writer.commit(pending);
            committed.get(queue).addAll(pendingValues);
            pendingValues.clear();
            if (lastCommitted != 0 && random.nextInt(3) == 0) {
                writer.commit(lastCommitted);
            }
            lastCommitted = pending;
            pending = 0;
        }

        @Override
        public void close() {
            writer.close();
        }
    }
}
