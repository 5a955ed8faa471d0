package io.ringflow.checkpoint;

import io.ringflow.barrier.BarrierMode;
import io.ringflow.api.CheckpointStats;
import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.CheckpointingMode;
import io.ringflow.api.JobClient;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.connector.Sink;
import io.ringflow.api.connector.SinkContext;
import io.ringflow.api.connector.SinkWriter;
import io.ringflow.api.functions.MapFunction;
import io.ringflow.api.state.CheckpointedFunction;
import io.ringflow.api.state.FunctionInitializationContext;
import io.ringflow.api.state.FunctionSnapshotContext;
import io.ringflow.api.state.ListState;
import io.ringflow.api.state.ListStateDescriptor;
import io.ringflow.testing.ManualClock;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/** Jobs, functions and waits shared by the end-to-end checkpoint tests. */
final class CheckpointTestJobs {
    static final long INTERVAL_MS = 100;
    static final long DEADLINE_MS = 20_000;

    private CheckpointTestJobs() {
    }

    /** An environment checkpointing every {@link #INTERVAL_MS} of the manual clock, in {@code mode}. */
    static StreamEnvironment environment(BarrierMode mode, ManualClock clock) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(16).setClock(clock);
        env.enableCheckpointing(INTERVAL_MS,
            mode == BarrierMode.AT_LEAST_ONCE ? CheckpointingMode.AT_LEAST_ONCE : CheckpointingMode.EXACTLY_ONCE);
        if (mode == BarrierMode.UNALIGNED || mode == BarrierMode.ALIGNED_WITH_TIMEOUT) {
            env.getCheckpointConfig().enableUnalignedCheckpoints();
        }
        if (mode == BarrierMode.ALIGNED_WITH_TIMEOUT) {
            env.getCheckpointConfig().setAlignedCheckpointTimeout(Duration.ofMillis(10));
        }
        return env;
    }

    /**
     * Advances the clock by one interval whenever every checkpoint so far has settled, until
     * {@code done} holds for the job's statistics: one checkpoint at a time, each triggered by the test.
     */
    static List<CheckpointStats> driveUntil(JobClient job, ManualClock clock, Predicate<List<CheckpointStats>> done,
                                            String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + DEADLINE_MS;
        int advancedAt = -1;
        while (System.currentTimeMillis() < deadline) {
            List<CheckpointStats> stats = job.checkpointStats();
            if (done.test(stats)) {
                return stats;
            }
            if (job.status().isTerminal() || job.failureCause().isPresent()) {
                fail("job ended before " + what + ": " + job.status() + " " + job.failureCause() + " " + stats);
            }
            if (stats.size() != advancedAt && count(stats, CheckpointStatus.IN_PROGRESS) == 0) {
                advancedAt = stats.size();
                clock.advance(INTERVAL_MS);
            }
            Thread.sleep(2);
        }
        return fail("no " + what + " within " + DEADLINE_MS + " ms: " + job.checkpointStats());
    }

    /** Checkpoint {@code id} was triggered (it is listed, in progress or settled). */
    static Predicate<List<CheckpointStats>> triggered(long id) {
        return stats -> stats.stream().anyMatch(s -> s.id() == id);
    }

    /** Waits (without moving the clock) until {@code done} holds. */
    static List<CheckpointStats> awaitStats(JobClient job, Predicate<List<CheckpointStats>> done, String what)
        throws InterruptedException {
        long deadline = System.currentTimeMillis() + DEADLINE_MS;
        while (System.currentTimeMillis() < deadline) {
            List<CheckpointStats> stats = job.checkpointStats();
            if (done.test(stats)) {
                return stats;
            }
            if (job.status().isTerminal()) {
                fail("job ended before " + what + ": " + job.status() + " " + job.failureCause() + " " + stats);
            }
            Thread.sleep(2);
        }
        return fail("no " + what + " within " + DEADLINE_MS + " ms: " + job.checkpointStats());
    }

    static long count(List<CheckpointStats> stats, CheckpointStatus status) {
        return stats.stream().filter(s -> s.status() == status).count();
    }

    static Predicate<List<CheckpointStats>> completed(int n) {
        return stats -> count(stats, CheckpointStatus.COMPLETED) >= n;
    }

    /** Waits for the job to fail, then returns its cause. */
    static Throwable awaitFailure(JobClient job) throws InterruptedException {
        long deadline = System.currentTimeMillis() + DEADLINE_MS;
        while (job.failureCause().isEmpty() && System.currentTimeMillis() < deadline && !job.status().isTerminal()) {
            Thread.sleep(2);
        }
        return job.failureCause().orElseGet(() -> fail("job did not fail: " + job.status() + " " + job.checkpointStats()));
    }

    /** A sink that spends at least {@code nanosPerRecord} on each record, parked: a slow consumer that frees its core. */
    static final class SlowSink implements Sink<Long> {
        private static final long serialVersionUID = 1L;
        private final long nanosPerRecord;
        private final transient LongAdder written = new LongAdder();

        SlowSink(long nanosPerRecord) {
            this.nanosPerRecord = nanosPerRecord;
        }

        @Override
        public SinkWriter<Long> createWriter(SinkContext context) {
            return (element, timestamp) -> {
                long until = System.nanoTime() + nanosPerRecord;
                do {
                    LockSupport.parkNanos(nanosPerRecord);   // leaves the cores of a small machine to the sources
                } while (System.nanoTime() < until);
                written.increment();
            };
        }

        long written() {
            return written.sum();
        }
    }

    /** What the asynchronous part of a checkpoint does when it encodes the state of a {@link CountingMap}. */
    enum AsyncPhase { PASS, BLOCK, FAIL }

    /**
     * Drives the asynchronous phase from the test: the snapshot writer encodes operator state
     * with this codec on its own thread, so it can be held (a checkpoint that cannot complete)
     * or made to fail. Static because functions are copied per subtask.
     */
    static final class AsyncControl {
        static volatile AsyncPhase phase = AsyncPhase.PASS;
        static volatile CountDownLatch release = new CountDownLatch(0);

        static void reset() {
            release.countDown();
            phase = AsyncPhase.PASS;
            release = new CountDownLatch(0);
        }

        static void block() {
            release = new CountDownLatch(1);
            phase = AsyncPhase.BLOCK;
        }

        static void releaseAll() {
            phase = AsyncPhase.PASS;
            release.countDown();
        }
    }

    static final class ControlledCodec implements Codec<Long> {
        @Override
        public int encode(Long value, MutableDirectBuffer buffer, int offset, int capacity) {
            switch (AsyncControl.phase) {
                case BLOCK -> {
                    try {
                        if (!AsyncControl.release.await(DEADLINE_MS, TimeUnit.MILLISECONDS)) {
                            throw new IllegalStateException("async phase held too long");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                }
                case FAIL -> throw new IllegalStateException("injected failure in the asynchronous phase");
                default -> { }
            }
            return Codecs.LONG.encode(value, buffer, offset, capacity);
        }

        @Override
        public Long decode(DirectBuffer buffer, int offset, int length) {
            return Codecs.LONG.decode(buffer, offset, length);
        }

        @Override
        public Class<?> type() {
            return Long.class;
        }

        @Override
        public Long copy(Long value) {
            return value;
        }

        @Override
        public boolean isImmutable() {
            return true;
        }
    }

    /** Passes records on, keeping how many it saw in operator state encoded by {@link ControlledCodec}. */
    static final class CountingMap implements MapFunction<Long, Long>, CheckpointedFunction {
        private static final long serialVersionUID = 1L;
        static volatile boolean failSnapshot;
        /** (checkpoint id, records counted) of every snapshot taken, any subtask. */
        static final java.util.Queue<long[]> SNAPSHOTS = new java.util.concurrent.ConcurrentLinkedQueue<>();
        private transient ListState<Long> state;
        private long count;

        @Override
        public Long map(Long value) {
            count++;
            return value;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
            if (failSnapshot) {
                throw new IllegalStateException("injected failure in snapshotState");
            }
            state.update(List.of(count));
            SNAPSHOTS.add(new long[] {context.getCheckpointId(), count});
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {
            state = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("count", new ControlledCodec()));
        }
    }
}
