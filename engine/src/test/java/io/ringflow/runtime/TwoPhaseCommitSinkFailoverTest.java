package io.ringflow.runtime;

import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.api.RestartStrategy;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.connector.SinkContext;
import io.ringflow.api.connector.SinkWriter;
import io.ringflow.api.connector.TwoPhaseCommitSink;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.barrier.BarrierMode;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A subclass of {@link TwoPhaseCommitSink} as a Flink user writes one, with per-subtask fields
 * (its subtask, attempt and open transactions), in a real job at parallelism 2 that fails once in
 * the sink after a checkpoint completed: each subtask of each attempt has its own instance (never
 * handed to a second subtask or attempt), the end-of-input hook writes one marker per subtask into
 * the last transaction, and the committed output holds every number and every marker exactly once.
 */
class TwoPhaseCommitSinkFailoverTest {
    private static final long EVENTS = 20_000;
    // the external system: transaction id -> records; shared by every copy of the sink
    static final Map<Long, List<String>> OPEN = new ConcurrentHashMap<>();
    static final Map<Long, List<String>> PREPARED = new ConcurrentHashMap<>();
    static final List<String> VISIBLE = java.util.Collections.synchronizedList(new ArrayList<>());
    static final AtomicLong NEXT_TXN = new AtomicLong(1);
    static final AtomicLong COMMITS = new AtomicLong();
    static final AtomicBoolean FAILED = new AtomicBoolean();
    /** "subtask/attempt" of every sink instance that opened, by instance. */
    static final Map<Integer, String> INSTANCES = new ConcurrentHashMap<>();
    static final AtomicInteger FINISHED = new AtomicInteger();
    static final List<String> ERRORS = java.util.Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void reset() {
        OPEN.clear();
        PREPARED.clear();
        VISIBLE.clear();
        COMMITS.set(0);
        FAILED.set(false);
        INSTANCES.clear();
        FINISHED.set(0);
        ERRORS.clear();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = BarrierMode.class, names = {"ALIGNED", "UNALIGNED"})
    void shouldGiveEachSubtaskAndAttemptItsOwnSinkAndCommitEveryRecordOnce(BarrierMode mode, @TempDir Path dir) {
        StreamEnvironment env = SequenceJob.environment(mode, 10, dir)
            .setRestartStrategy(RestartStrategy.fixedDelay(3, Duration.ZERO));
        env.fromSource(GeneratorSource.bounded(EVENTS, n -> n).withRate(40_000), WatermarkStrategy.noWatermarks(), "numbers")
            .uid("numbers").setParallelism(2)
            .rebalance()
            .sinkTo(new PerSubtaskSink()).uid("sink").setParallelism(2);
        JobClient job = env.executeAsync("two-phase-commit-failover-" + mode);
        try {
            assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(job);
        }

        assertEquals(List.of(), ERRORS, "per-subtask fields seen by another subtask or attempt");
        assertTrue(FAILED.get(), "the failure was injected");
        assertEquals(1, job.restarts(), "restarts");
        assertEquals(Set.of("0/0", "1/0", "0/1", "1/1"), Set.copyOf(INSTANCES.values()),
            "one sink instance per subtask and attempt: " + INSTANCES);
        assertEquals(4, INSTANCES.size(), "instances " + INSTANCES);
        assertEquals(2, FINISHED.get(), "end-of-input hook calls (the last attempt's subtasks)");
        Map<String, Integer> counts = new TreeMap<>();
        synchronized (VISIBLE) {
            VISIBLE.forEach(v -> counts.merge(v, 1, Integer::sum));
        }
        for (long n = 0; n < EVENTS; n++) {
            assertEquals(1, counts.getOrDefault(Long.toString(n), 0), "committed copies of " + n);
        }
        assertEquals(1, counts.getOrDefault("end of subtask 0", 0), "marker of subtask 0");
        assertEquals(1, counts.getOrDefault("end of subtask 1", 0), "marker of subtask 1");
        assertEquals(EVENTS + 2, VISIBLE.size(), "committed records");
        assertEquals(Map.of(), PREPARED, "pre-committed and never committed");
    }

    /** Keeps its subtask, attempt and writes in plain fields, as a Flink sink keeps them after open(). */
    static final class PerSubtaskSink extends TwoPhaseCommitSink<Long, Long> {
        private static final long serialVersionUID = 1L;
        private int subtask = -1;
        private int attempt = -1;
        private long writtenThisAttempt;

        @Override
        public SinkWriter<Long> createWriter(SinkContext context) throws Exception {
            if (subtask != -1) {
                ERRORS.add("instance of " + subtask + "/" + attempt + " handed to " + context.subtaskIndex() + "/"
                    + context.attemptNumber());
            }
            subtask = context.subtaskIndex();
            attempt = context.attemptNumber();
            return super.createWriter(context);
        }

        @Override
        protected void open(SinkContext context) {
            if (INSTANCES.put(System.identityHashCode(this), subtask + "/" + attempt) != null) {
                ERRORS.add("instance opened twice: " + subtask + "/" + attempt);
            }
        }

        @Override
        protected Long beginTransaction(SinkContext context) {
            check(context);
            long id = NEXT_TXN.getAndIncrement();
            OPEN.put(id, new ArrayList<>());
            return id;
        }

        @Override
        protected void write(Long transaction, Long value, long timestamp) {
            // fail once, after a checkpoint completed, with records in the open transaction
            if (++writtenThisAttempt >= EVENTS / 4 && COMMITS.get() > 0 && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure in subtask " + subtask);
            }
            OPEN.get(transaction).add(Long.toString(value));
        }

        @Override
        protected void finishProcessing(Long transaction) {
            FINISHED.incrementAndGet();
            OPEN.get(transaction).add("end of subtask " + subtask);
        }

        @Override
        protected void preCommit(Long transaction) {
            PREPARED.put(transaction, OPEN.remove(transaction));
        }

        @Override
        protected void commit(Long transaction) {
            List<String> records = PREPARED.remove(transaction); // idempotent: a second commit finds nothing
            if (records != null) {
                VISIBLE.addAll(records);
                COMMITS.incrementAndGet();
            }
        }

        @Override
        protected void abort(Long transaction) {
            OPEN.remove(transaction);
            PREPARED.remove(transaction);
        }

        @Override
        protected Codec<Long> transactionCodec() {
            return Codecs.LONG;
        }

        @Override
        protected void close(SinkContext context) {
            check(context);
        }

        private void check(SinkContext context) {
            if (context.subtaskIndex() != subtask || context.attemptNumber() != attempt) {
                ERRORS.add("instance of " + subtask + "/" + attempt + " used by " + context.subtaskIndex() + "/"
                    + context.attemptNumber());
            }
        }
    }
}
