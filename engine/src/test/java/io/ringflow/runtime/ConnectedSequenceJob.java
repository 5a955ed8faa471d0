package io.ringflow.runtime;

import io.ringflow.api.DataStream;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.KeyedCoProcessFunction;
import io.ringflow.api.state.CheckpointListener;
import io.ringflow.api.state.CheckpointedFunction;
import io.ringflow.api.state.FunctionInitializationContext;
import io.ringflow.api.state.FunctionSnapshotContext;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.DiscardingSink;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.runtime.SequenceJob.FailurePoint;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link SequenceJob} with two inputs: sources {@code first} (2 subtasks) and {@code second}
 * (3 subtasks) each emit per-key sequence numbers (record {@code n} is number {@code n / KEYS}
 * of key {@code n % KEYS}), connected and keyed into a {@link KeyedCoProcessFunction} that checks
 * each key's next number on each input in a state of its own (no gap, no duplicate), and keeps one
 * event-time timer per key, fired by the watermark at the end of both inputs. Failure injection,
 * backpressure and the counter are SequenceJob's, through its static fields.
 *
 * <pre>
 *  first (2) --keyBy--+
 *                     +--> checker (p) -> counter (p) --> discard
 *  second (3) -keyBy--+
 * </pre>
 */
final class ConnectedSequenceJob {
    static final int KEYS = SequenceJob.KEYS;
    static final Map<Long, Long> LAST_FIRST = new ConcurrentHashMap<>();
    static final Map<Long, Long> LAST_SECOND = new ConcurrentHashMap<>();
    /** Per key: how often its end-of-input timer fired, and what both inputs had reached then. */
    static final Map<Long, Integer> TIMERS_FIRED = new ConcurrentHashMap<>();
    static final Map<Long, String> REACHED_AT_TIMER = new ConcurrentHashMap<>();

    private ConnectedSequenceJob() {
    }

    /** Resets SequenceJob's fixture as well. */
    static void reset() {
        SequenceJob.reset();
        LAST_FIRST.clear();
        LAST_SECOND.clear();
        TIMERS_FIRED.clear();
        REACHED_AT_TIMER.clear();
    }

    /** Adds the pipeline; {@code eventsPerSecond} (0: unlimited) over both sources, {@code events} per source. */
    static void build(StreamEnvironment env, long events, double eventsPerSecond, int parallelism, boolean duplicatesAllowed) {
        DataStream<Long> first = env.fromSource(GeneratorSource.bounded(events, n -> n).withRate(eventsPerSecond / 2),
            WatermarkStrategy.noWatermarks(), "first").uid("first").setParallelism(2);
        DataStream<Long> second = env.fromSource(GeneratorSource.bounded(events, n -> n).withRate(eventsPerSecond / 2),
            WatermarkStrategy.noWatermarks(), "second").uid("second").setParallelism(3);
        first.connect(second).keyBy(n -> n % KEYS, n -> n % KEYS)
            .process(new Checker(duplicatesAllowed)).uid("checker").setParallelism(parallelism)
            .map(new SequenceJob.Counter()).uid("counter").setParallelism(parallelism)
            .sinkTo(DiscardingSink.create()).uid("discard").setParallelism(parallelism);
    }

    /** Both inputs of every key reached their last number, and its timer fired once, after both. */
    static void assertEveryKeyComplete(long events) {
        long last = events / KEYS - 1;
        for (long key = 0; key < KEYS; key++) {
            assertEquals(last, LAST_FIRST.get(key), "last number of key " + key + " on input 1");
            assertEquals(last, LAST_SECOND.get(key), "last number of key " + key + " on input 2");
            assertEquals(1, TIMERS_FIRED.get(key), "end-of-input timers fired for key " + key);
            assertEquals(last + "/" + last, REACHED_AT_TIMER.get(key), "both inputs of key " + key + " when its timer fired");
        }
    }

    /** Every key complete, and each record of both sources counted once by the counter. */
    static void assertExactResults(long events) {
        assertEveryKeyComplete(events);
        assertEquals(2 * events, SequenceJob.COUNTED.values().stream().mapToLong(Long::longValue).sum(),
            "records counted over all counter subtasks " + SequenceJob.COUNTED);
    }

    /** Per key and input, the next number must be the last plus one; at-least-once drops replayed (older) numbers. */
    static final class Checker extends KeyedCoProcessFunction<Long, Long, Long, Long>
        implements CheckpointedFunction, CheckpointListener {
        private static final long serialVersionUID = 1L;
        private final boolean duplicatesAllowed;
        private transient ValueState<Long> lastFirst;
        private transient ValueState<Long> lastSecond;

        Checker(boolean duplicatesAllowed) {
            this.duplicatesAllowed = duplicatesAllowed;
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {
            if (context.isRestored()) {
                SequenceJob.RESTORED_CHECKERS.incrementAndGet();
            }
        }

        @Override
        public void open() {
            lastFirst = getRuntimeContext().getState(new ValueStateDescriptor<>("last-first", Codecs.LONG));
            lastSecond = getRuntimeContext().getState(new ValueStateDescriptor<>("last-second", Codecs.LONG));
        }

        @Override
        public void processElement1(Long value, Context ctx, Collector<Long> out) {
            check(1, value, lastFirst, LAST_FIRST, ctx, out);
        }

        @Override
        public void processElement2(Long value, Context ctx, Collector<Long> out) {
            check(2, value, lastSecond, LAST_SECOND, ctx, out);
        }

        private void check(int input, long value, ValueState<Long> last, Map<Long, Long> reached, Context ctx,
                           Collector<Long> out) {
            long key = ctx.getCurrentKey();
            if (value % KEYS != key) {
                throw new AssertionError("input " + input + ": record " + value + " processed under key " + key);
            }
            long seq = value / KEYS;
            Long previous = last.value();
            long expected = previous == null ? 0 : previous + 1;
            if (duplicatesAllowed && seq < expected) {
                SequenceJob.DUPLICATES.incrementAndGet();
                return;
            }
            if (seq != expected) {
                throw new AssertionError("key " + key + " input " + input + ": got sequence " + seq + ", expected " + expected);
            }
            last.update(seq);
            reached.put(key, seq);
            ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE); // one per key: registering again changes nothing
            long processed = SequenceJob.PROCESSED.incrementAndGet();
            int park = SequenceJob.parkEvery;
            if (park > 0 && processed % park == 0) {
                LockSupport.parkNanos(1_000_000);
            }
            if (SequenceJob.failurePoint == FailurePoint.PROCESS && processed >= SequenceJob.failAt
                && SequenceJob.COMPLETED_CHECKPOINTS.get() > 0 && SequenceJob.FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure in processElement" + input + " at record " + processed);
            }
            out.collect(value);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<Long> out) {
            long key = ctx.getCurrentKey();
            TIMERS_FIRED.merge(key, 1, Integer::sum);
            REACHED_AT_TIMER.put(key, lastFirst.value() + "/" + lastSecond.value());
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
