package io.ringflow.runtime;

import io.ringflow.api.DataStream;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.KeyedBroadcastProcessFunction;
import io.ringflow.api.state.BroadcastState;
import io.ringflow.api.state.CheckpointListener;
import io.ringflow.api.state.CheckpointedFunction;
import io.ringflow.api.state.FunctionInitializationContext;
import io.ringflow.api.state.FunctionSnapshotContext;
import io.ringflow.api.state.MapStateDescriptor;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.DiscardingSink;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.runtime.SequenceJob.FailurePoint;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link SequenceJob} with a broadcast input: source {@code numbers} (2 subtasks) emits per-key
 * sequence numbers, keyed into a {@link KeyedBroadcastProcessFunction} that checks each key's next
 * number (no gap, no duplicate); source {@code rules} (1 subtask) emits rules 0, 1, 2, ..., which
 * every subtask puts into its broadcast state, checking that each is the next one its copy lacks.
 * So a broadcast copy that is missing, stale or replayed twice after a restore shows as a rule out
 * of sequence. Each key's timer at the end of input notes its subtask's broadcast state size.
 *
 * <pre>
 *  numbers (2) --keyBy----+
 *                         +--> checker (p) -> counter (p) --> discard
 *  rules (1) --broadcast--+
 * </pre>
 */
final class BroadcastSequenceJob {
    static final int KEYS = SequenceJob.KEYS;
    static final MapStateDescriptor<Long, Long> RULES = new MapStateDescriptor<>("rules", Codecs.LONG, Codecs.LONG);
    /** Rules out of sequence in a subtask's broadcast state (a gap, or a duplicate where exactly once). */
    static final AtomicLong RULE_VIOLATIONS = new AtomicLong();
    static final AtomicLong RULE_DUPLICATES = new AtomicLong();
    /** Per new subtask, the size of the broadcast state it restored. */
    static final Map<Integer, Integer> RESTORED_RULES = new ConcurrentHashMap<>();
    /** Per subtask, the size of its broadcast state when its keys' end-of-input timers fired. */
    static final Map<Integer, Integer> RULES_AT_END = new ConcurrentHashMap<>();

    private BroadcastSequenceJob() {
    }

    static void reset() {
        SequenceJob.reset();
        RULE_VIOLATIONS.set(0);
        RULE_DUPLICATES.set(0);
        RESTORED_RULES.clear();
        RULES_AT_END.clear();
    }

    /** Adds the pipeline; rates (0: unlimited) per source. */
    static void build(StreamEnvironment env, long events, double eventsPerSecond, long rules, double rulesPerSecond,
                      int parallelism, boolean duplicatesAllowed) {
        DataStream<Long> numbers = env.fromSource(GeneratorSource.bounded(events, n -> n).withRate(eventsPerSecond),
            WatermarkStrategy.noWatermarks(), "numbers").uid("numbers").setParallelism(2);
        DataStream<Long> ruleStream = env.fromSource(GeneratorSource.bounded(rules, n -> n).withRate(rulesPerSecond),
            WatermarkStrategy.noWatermarks(), "rules").uid("rules").setParallelism(1);
        numbers.keyBy(n -> n % KEYS).connect(ruleStream.broadcast(RULES))
            .process(new Checker(duplicatesAllowed)).uid("checker").setParallelism(parallelism)
            .map(new SequenceJob.Counter()).uid("counter").setParallelism(parallelism)
            .sinkTo(DiscardingSink.create()).uid("discard").setParallelism(parallelism);
    }

    /** Every key complete, every record counted once, every subtask holding every rule at the end. */
    static void assertExactResults(long events, long rules, int parallelism) {
        SequenceJob.assertEveryKeyComplete(events);
        assertEquals(events, SequenceJob.COUNTED.values().stream().mapToLong(Long::longValue).sum(),
            "records counted over all counter subtasks " + SequenceJob.COUNTED);
        assertBroadcastComplete(rules, parallelism);
        assertEquals(0, RULE_DUPLICATES.get(), "rules applied twice to one subtask's broadcast state");
    }

    static void assertBroadcastComplete(long rules, int parallelism) {
        assertEquals(0, RULE_VIOLATIONS.get(), "rules out of sequence in a subtask's broadcast state");
        assertEquals(parallelism, RULES_AT_END.size(), "subtasks whose keys' timers fired: " + RULES_AT_END);
        RULES_AT_END.forEach((subtask, size) -> assertEquals(rules, (long) size, "rules held by subtask " + subtask));
    }

    static final class Checker extends KeyedBroadcastProcessFunction<Long, Long, Long, Long>
        implements CheckpointedFunction, CheckpointListener {
        private static final long serialVersionUID = 1L;
        private final boolean duplicatesAllowed;
        private transient ValueState<Long> last;
        private transient Integer restoredRules;

        Checker(boolean duplicatesAllowed) {
            this.duplicatesAllowed = duplicatesAllowed;
        }

        @Override
        public void initializeState(FunctionInitializationContext context) throws Exception {
            if (context.isRestored()) {
                SequenceJob.RESTORED_CHECKERS.incrementAndGet();
                int size = 0;
                for (Map.Entry<Long, Long> ignored : context.getOperatorStateStore().getBroadcastState(RULES).entries()) {
                    size++;
                }
                restoredRules = size;
            }
        }

        @Override
        public void open() {
            last = getRuntimeContext().getState(new ValueStateDescriptor<>("last", Codecs.LONG));
            if (restoredRules != null) {
                RESTORED_RULES.put(getRuntimeContext().getIndexOfThisSubtask(), restoredRules);
            }
        }

        @Override
        public void processBroadcastElement(Long rule, Context ctx, Collector<Long> out) throws Exception {
            BroadcastState<Long, Long> rules = ctx.getBroadcastState(RULES);
            long expected = size(rules);
            if (rule < expected && duplicatesAllowed) {
                RULE_DUPLICATES.incrementAndGet();
                return;
            }
            if (rule != expected || rules.contains(rule)) {
                RULE_VIOLATIONS.incrementAndGet();
            }
            rules.put(rule, rule * 10);
        }

        @Override
        public void processElement(Long value, ReadOnlyContext ctx, Collector<Long> out) throws Exception {
            long key = ctx.getCurrentKey();
            long seq = value / KEYS;
            Long previous = last.value();
            long expected = previous == null ? 0 : previous + 1;
            if (duplicatesAllowed && seq < expected) {
                SequenceJob.DUPLICATES.incrementAndGet();
                return;
            }
            if (seq != expected) {
                throw new AssertionError("key " + key + ": got sequence " + seq + ", expected " + expected);
            }
            last.update(seq);
            SequenceJob.LAST_SEQUENCE.put(key, seq);
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE); // one per key
            long processed = SequenceJob.PROCESSED.incrementAndGet();
            int park = SequenceJob.parkEvery;
            if (park > 0 && processed % park == 0) {
                LockSupport.parkNanos(1_000_000);
            }
            if (SequenceJob.failurePoint == FailurePoint.PROCESS && processed >= SequenceJob.failAt
                && SequenceJob.COMPLETED_CHECKPOINTS.get() > 0 && SequenceJob.FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure in processElement at record " + processed);
            }
            out.collect(value);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<Long> out) throws Exception {
            int size = 0;
            for (Map.Entry<Long, Long> ignored : ctx.getBroadcastState(RULES).immutableEntries()) {
                size++;
            }
            RULES_AT_END.put(getRuntimeContext().getIndexOfThisSubtask(), size);
        }

        private static long size(BroadcastState<Long, Long> rules) throws Exception {
            long size = 0;
            for (Map.Entry<Long, Long> ignored : rules.entries()) {
                size++;
            }
            return size;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            SequenceJob.COMPLETED_CHECKPOINTS.incrementAndGet();
        }
    }
}
