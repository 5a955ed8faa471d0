package io.ringflow.runtime;

import io.ringflow.api.CheckpointingMode;
import io.ringflow.api.DataStream;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.KeyedProcessFunction;
import io.ringflow.api.functions.MapFunction;
import io.ringflow.api.functions.RichFunction;
import io.ringflow.api.state.CheckpointListener;
import io.ringflow.api.state.CheckpointedFunction;
import io.ringflow.api.state.FunctionInitializationContext;
import io.ringflow.api.state.FunctionSnapshotContext;
import io.ringflow.api.state.ListState;
import io.ringflow.api.state.ListStateDescriptor;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.barrier.BarrierMode;
import io.ringflow.connector.DiscardingSink;
import io.ringflow.connector.GeneratorSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The pipeline of Flink's unaligned-checkpoint IT cases: parallel generator sources emit
 * per-key sequence numbers (record {@code n} is number {@code n / KEYS} of key {@code n % KEYS}),
 * keyBy, a keyed checker that asserts each key's next number (no gap, no duplicate, no
 * reordering), a counter in operator list state, and a state recorder that notes the operator
 * state it got back. Failures are injected at a chosen point. Functions are copied per subtask,
 * so what they observe goes to static fields: one job fixture at a time, reset before each test.
 *
 * <pre>
 *  numbers (p_src) --keyBy--> checker -> counter -> recorder (p) --> discard
 * </pre>
 */
final class SequenceJob {
    /** A multiple of every source parallelism used (1..6): each key comes from one source subtask, in order. */
    static final int KEYS = 60;

    /** Where the injected failure is thrown. */
    enum FailurePoint { NONE, PROCESS, SNAPSHOT, RESTORE, CLOSE }

    static volatile FailurePoint failurePoint = FailurePoint.NONE;
    /** The record count (over all checker subtasks) from which the failure fires. */
    static volatile long failAt = Long.MAX_VALUE;
    /** The checker parks 1 ms every this many records (0: never), to build up backpressure and in-flight data. */
    static volatile int parkEvery;
    /** The checker's snapshots of this checkpoint and later ones take 200 ms (a slow checkpoint to crash in). */
    static volatile long slowSnapshotFrom = Long.MAX_VALUE;
    static final AtomicBoolean FAILED = new AtomicBoolean();
    static final AtomicBoolean FAILED_RESTORE = new AtomicBoolean();
    static final AtomicLong PROCESSED = new AtomicLong();
    /** Checkpoints the checker was told complete; failures fire only after one, so that a restore has state to load. */
    static final AtomicLong COMPLETED_CHECKPOINTS = new AtomicLong();
    static final AtomicLong DUPLICATES = new AtomicLong();
    static final Map<Long, Long> LAST_SEQUENCE = new ConcurrentHashMap<>();
    static final Map<Integer, Long> COUNTED = new ConcurrentHashMap<>();
    static final Map<Integer, List<Long>> RESTORED_SPLIT = new ConcurrentHashMap<>();
    static final Map<Integer, List<Long>> RESTORED_UNION = new ConcurrentHashMap<>();
    static final AtomicInteger RESTORED_CHECKERS = new AtomicInteger();

    private SequenceJob() {
    }

    static void reset() {
        failurePoint = FailurePoint.NONE;
        failAt = Long.MAX_VALUE;
        parkEvery = 0;
        slowSnapshotFrom = Long.MAX_VALUE;
        FAILED.set(false);
        FAILED_RESTORE.set(false);
        PROCESSED.set(0);
        COMPLETED_CHECKPOINTS.set(0);
        DUPLICATES.set(0);
        LAST_SEQUENCE.clear();
        COUNTED.clear();
        RESTORED_SPLIT.clear();
        RESTORED_UNION.clear();
        RESTORED_CHECKERS.set(0);
    }

    /** Forgets what the operators of an earlier job observed, before a restored job runs. */
    static void resetObservations() {
        COUNTED.clear();
        RESTORED_SPLIT.clear();
        RESTORED_UNION.clear();
        RESTORED_CHECKERS.set(0);
    }

    /** An environment checkpointing every {@code intervalMs} into {@code checkpoints} in {@code mode}. */
    static StreamEnvironment environment(BarrierMode mode, long intervalMs, Path checkpoints) {
        StreamEnvironment env = StreamEnvironment.create().setRingSize(64);
        env.enableCheckpointing(intervalMs,
            mode == BarrierMode.AT_LEAST_ONCE ? CheckpointingMode.AT_LEAST_ONCE : CheckpointingMode.EXACTLY_ONCE);
        env.getCheckpointConfig().storage().checkpointsDir(checkpoints);
        if (mode == BarrierMode.UNALIGNED || mode == BarrierMode.ALIGNED_WITH_TIMEOUT) {
            env.getCheckpointConfig().enableUnalignedCheckpoints();
        }
        if (mode == BarrierMode.ALIGNED_WITH_TIMEOUT) {
            env.getCheckpointConfig().setAlignedCheckpointTimeout(Duration.ofMillis(1));
        }
        return env;
    }

    /** Adds the pipeline; {@code eventsPerSecond} 0 means unlimited. */
    static void build(StreamEnvironment env, long events, double eventsPerSecond, int sourceParallelism,
                      int parallelism, boolean duplicatesAllowed) {
        checked(env, events, eventsPerSecond, sourceParallelism, parallelism, duplicatesAllowed)
            .map(new Counter()).uid("counter").setParallelism(parallelism)
            .map(new StateRecorder()).uid("recorder").setParallelism(parallelism)
            .sinkTo(DiscardingSink.create()).uid("discard").setParallelism(parallelism);
    }

    /** The sources and the checker; the caller adds what follows. */
    static DataStream<Long> checked(StreamEnvironment env, long events, double eventsPerSecond, int sourceParallelism,
                                    int parallelism, boolean duplicatesAllowed) {
        return env.fromSource(GeneratorSource.bounded(events, n -> n).withRate(eventsPerSecond),
                WatermarkStrategy.noWatermarks(), "numbers").uid("numbers").setParallelism(sourceParallelism)
            .keyBy(n -> n % KEYS)
            .process(new Checker(duplicatesAllowed)).uid("checker").setParallelism(parallelism);
    }

    /** Every key reached its last number. */
    static void assertEveryKeyComplete(long events) {
        for (long key = 0; key < KEYS; key++) {
            assertEquals(events / KEYS - 1, LAST_SEQUENCE.get(key), "last sequence number of key " + key);
        }
    }

    /** The result of a failure-free run: every key reached its last number, every record counted once. */
    static void assertExactResults(long events) {
        assertEveryKeyComplete(events);
        assertEquals(events, COUNTED.values().stream().mapToLong(Long::longValue).sum(),
            "records counted in operator state over all counter subtasks " + COUNTED);
    }

    /** Per key the next number must be the last plus one; at-least-once drops replayed (older) numbers. */
    static final class Checker extends KeyedProcessFunction<Long, Long, Long> implements CheckpointedFunction, CheckpointListener {
        private static final long serialVersionUID = 1L;
        private final boolean duplicatesAllowed;
        private transient ValueState<Long> last;

        Checker(boolean duplicatesAllowed) {
            this.duplicatesAllowed = duplicatesAllowed;
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {
            if (context.isRestored()) {
                RESTORED_CHECKERS.incrementAndGet();
                if (failurePoint == FailurePoint.RESTORE && FAILED.get() && FAILED_RESTORE.compareAndSet(false, true)) {
                    throw new IllegalStateException("injected failure in initializeState");
                }
            }
        }

        @Override
        public void open() {
            last = getRuntimeContext().getState(new ValueStateDescriptor<>("last", Codecs.LONG));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) {
            long seq = value / KEYS;
            Long previous = last.value();
            long expected = previous == null ? 0 : previous + 1;
            if (duplicatesAllowed && seq < expected) {
                DUPLICATES.incrementAndGet();
                return;
            }
            if (seq != expected) {
                throw new AssertionError("key " + ctx.getCurrentKey() + ": got sequence " + seq + ", expected " + expected);
            }
            last.update(seq);
            LAST_SEQUENCE.put(ctx.getCurrentKey(), seq);
            long processed = PROCESSED.incrementAndGet();
            int park = parkEvery;
            if (park > 0 && processed % park == 0) {
                LockSupport.parkNanos(1_000_000);
            }
            FailurePoint point = failurePoint;
            if ((point == FailurePoint.PROCESS || point == FailurePoint.RESTORE) && processed >= failAt
                && COMPLETED_CHECKPOINTS.get() > 0 && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure in processElement at record " + processed);
            }
            out.collect(value);
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
            if (context.getCheckpointId() >= slowSnapshotFrom) {
                LockSupport.parkNanos(200_000_000);
            }
            if (failurePoint == FailurePoint.SNAPSHOT && PROCESSED.get() >= failAt && COMPLETED_CHECKPOINTS.get() > 0
                && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure in snapshotState of checkpoint " + context.getCheckpointId());
            }
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            COMPLETED_CHECKPOINTS.incrementAndGet();
        }

        @Override
        public void close() {
            if (failurePoint == FailurePoint.CLOSE && PROCESSED.get() >= failAt && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure in close");
            }
        }
    }

    /** Counts records in a split operator list state; publishes its count per subtask. */
    static final class Counter extends RichFunction implements MapFunction<Long, Long>, CheckpointedFunction {
        private static final long serialVersionUID = 1L;
        private transient ListState<Long> state;
        private transient long count;

        @Override
        public void initializeState(FunctionInitializationContext context) {
            state = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("count", Codecs.LONG));
            count = 0;
            for (Long part : state.get()) {
                count += part;
            }
        }

        @Override
        public void open() {
            COUNTED.put(getRuntimeContext().getIndexOfThisSubtask(), count);
        }

        @Override
        public Long map(Long value) {
            COUNTED.put(getRuntimeContext().getIndexOfThisSubtask(), ++count);
            return value;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
            state.update(List.of(count));
        }
    }

    /**
     * Keeps {@code [100 s, 100 s + 1]} in a split list state and {@code [s]} in a union list state
     * (s = its first subtask index), and notes what a restore gave it.
     */
    static final class StateRecorder extends RichFunction implements MapFunction<Long, Long>, CheckpointedFunction {
        private static final long serialVersionUID = 1L;
        private transient ListState<Long> split;
        private transient ListState<Long> union;
        private transient List<Long> restoredSplit;
        private transient List<Long> restoredUnion;

        @Override
        public void initializeState(FunctionInitializationContext context) {
            split = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("split", Codecs.LONG));
            union = context.getOperatorStateStore().getUnionListState(new ListStateDescriptor<>("union", Codecs.LONG));
            if (context.isRestored()) {
                restoredSplit = new ArrayList<>();
                split.get().forEach(restoredSplit::add);
                restoredUnion = new ArrayList<>();
                union.get().forEach(restoredUnion::add);
            }
        }

        @Override
        public void open() {
            int subtask = getRuntimeContext().getIndexOfThisSubtask();
            if (restoredSplit != null) {
                RESTORED_SPLIT.put(subtask, restoredSplit);
                RESTORED_UNION.put(subtask, restoredUnion);
                union.update(List.of((long) subtask)); // each subtask contributes itself again
            } else {
                split.update(List.of(100L * subtask, 100L * subtask + 1));
                union.update(List.of((long) subtask));
            }
        }

        @Override
        public Long map(Long value) {
            return value;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
        }
    }
}
