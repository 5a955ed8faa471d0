package io.ringflow.connector;

import io.ringflow.api.CloseableIterator;
import io.ringflow.api.JobClient;
import io.ringflow.api.JobExecutionException;
import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.connector.Sink;
import io.ringflow.api.connector.SinkContext;
import io.ringflow.api.connector.SinkWriter;
import io.ringflow.api.connector.TwoPhaseCommitSink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The results of {@code executeAndCollect}: what the job's collect sink released, in the order
 * each subtask released it, read by the caller while the job runs.
 *
 * <p>With checkpointing, the sink is a {@link TwoPhaseCommitSink} whose transactions are lists
 * of records kept here: a subtask's records are released when the checkpoint after them
 * completes (or the final one, at the end of a bounded input), and a failover restoring an
 * earlier checkpoint drops what it did not cover, so every record is returned exactly once,
 * a checkpoint interval late (as Flink's collect with checkpointing). Without checkpointing,
 * records are released as written; a restart would write them again, so the iterator then fails
 * after the records of the first attempt, naming the fix.
 */
public final class CollectedResults<T> implements CloseableIterator<T> {
    private static final Map<String, CollectedResults<?>> OPEN = new ConcurrentHashMap<>();
    private static final long POLL_MS = 10;

    private final String id = UUID.randomUUID().toString();
    private final LinkedBlockingQueue<Object> released = new LinkedBlockingQueue<>();
    private final Map<Long, List<Object>> transactions = new ConcurrentHashMap<>();
    private final AtomicLong nextTransaction = new AtomicLong();
    private volatile int restartedAttempt; // > 0: a restart without checkpointing was seen
    private JobClient job;
    private Object next;
    private boolean nextFetched;
    private boolean closed;

    private CollectedResults() {
    }

    /** Results to be filled by {@link #sink(boolean)}; {@link #attach} the job that runs it. */
    public static <T> CollectedResults<T> create() {
        CollectedResults<T> results = new CollectedResults<>();
        OPEN.put(results.id, results);
        return results;
    }

    /** The sink that fills these results: exactly once through checkpoints, or as written without them. */
    public Sink<T> sink(boolean checkpointing) {
        return checkpointing ? new CheckpointedSink<>(id) : new DirectSink<>(id);
    }

    /** The job whose sink fills these results: closing them cancels it. */
    public void attach(JobClient job) {
        this.job = job;
    }

    @Override
    public boolean hasNext() {
        if (nextFetched) {
            return true;
        }
        if (closed) {
            return false;
        }
        try {
            while (true) {
                Object item = released.poll(POLL_MS, TimeUnit.MILLISECONDS);
                if (item == null && restartedAttempt > 0) {
                    close();
                    throw new IllegalStateException("job '" + job.jobName() + "' restarted (attempt " + restartedAttempt
                        + ") without checkpointing: its records would be returned again from the start. Enable"
                        + " checkpointing (env.enableCheckpointing(interval)) for results returned exactly once");
                }
                if (item == null && job.result().isDone()) {
                    item = released.poll(); // released before the job ended
                    if (item == null) {
                        Throwable failure = job.failureCause().orElse(null);
                        close();
                        if (failure != null) {
                            throw new JobExecutionException(job.jobName(), failure);
                        }
                        return false;
                    }
                }
                if (item != null) {
                    next = item;
                    nextFetched = true;
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the results of job '" + job.jobName() + "'", e);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException("job '" + job.jobName() + "' ended: no more results");
        }
        nextFetched = false;
        T item = (T) next;
        next = null;
        return item;
    }

    /** Cancels the job if it still runs and waits for its end; the results not read are dropped. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (job != null && !job.result().isDone()) {
                job.cancel().join();
            }
        } finally {
            OPEN.remove(id);
            released.clear();
            transactions.clear();
        }
    }

    private static <T> CollectedResults<T> lookUp(String id) {
        @SuppressWarnings("unchecked")
        CollectedResults<T> results = (CollectedResults<T>) OPEN.get(id);
        if (results == null) {
            throw new IllegalStateException("the results of this executeAndCollect were closed: the job can no longer"
                + " deliver them; collect again with a new executeAndCollect");
        }
        return results;
    }

    /** Each transaction is the list of a subtask's records between two checkpoints. */
    private static final class CheckpointedSink<T> extends TwoPhaseCommitSink<T, Long> {
        private static final long serialVersionUID = 1L;
        private final String resultsId;
        private transient CollectedResults<T> results;

        CheckpointedSink(String resultsId) {
            this.resultsId = resultsId;
        }

        @Override
        protected void open(SinkContext context) {
            results = lookUp(resultsId);
        }

        @Override
        protected Long beginTransaction(SinkContext context) {
            long transaction = results.nextTransaction.getAndIncrement();
            results.transactions.put(transaction, new ArrayList<>());
            return transaction;
        }

        @Override
        protected void write(Long transaction, T value, long timestamp) {
            results.transactions.get(transaction).add(value);
        }

        @Override
        protected void preCommit(Long transaction) {
        }

        @Override
        protected void commit(Long transaction) {
            List<Object> records = results.transactions.remove(transaction);
            if (records != null) { // committed again after a restore: released already
                results.released.addAll(records);
            }
        }

        @Override
        protected void abort(Long transaction) {
            results.transactions.remove(transaction);
        }

        @Override
        protected Codec<Long> transactionCodec() {
            return Codecs.LONG;
        }
    }

    private static final class DirectSink<T> implements Sink<T> {
        private static final long serialVersionUID = 1L;
        private final String resultsId;

        DirectSink(String resultsId) {
            this.resultsId = resultsId;
        }

        @Override
        public SinkWriter<T> createWriter(SinkContext context) {
            CollectedResults<T> results = lookUp(resultsId);
            if (context.attemptNumber() > 0) {
                results.restartedAttempt = context.attemptNumber();
                return (element, timestamp) -> { }; // the iterator fails once it has returned the first attempt's records
            }
            return (element, timestamp) -> results.released.add(element);
        }
    }
}
