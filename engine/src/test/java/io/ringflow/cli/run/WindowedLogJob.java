package io.ringflow.cli.run;

import io.ringflow.api.RestartStrategy;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.AggregateFunction;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.KeyedProcessFunction;
import io.ringflow.api.state.CheckpointListener;
import io.ringflow.api.state.MapState;
import io.ringflow.api.state.MapStateDescriptor;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.api.window.TimeWindow;
import io.ringflow.api.window.TumblingEventTimeWindows;
import io.ringflow.connector.ChronicleLogSink;
import io.ringflow.connector.ChronicleLogSource;
import io.ringflow.connector.GeneratorSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An event-time job over a log of trades, for deterministic replay: per key, a running total of
 * quantities in event-time order (keyed map state, event-time timers), then 200 ms tumbling windows
 * of those totals (count, max, sum) into an exactly-once log. Nothing depends on processing time or
 * on the order in which parallel inputs interleave. Arguments: {@code NAME INPUT_LOG OUTPUT_LOG
 * CHECKPOINT_DIR [PARALLELISM [PAUSE_MICROS]]}, the last a pause after every record (a run slow enough
 * to be killed midway; the output does not depend on it).
 */
public final class WindowedLogJob {
    public record Trade(long key, long time, long qty) {
    }

    public record Bar(long key, long windowEnd, long count, long maxTotal, long sumTotal) {
    }

    static final Codec<Trade> TRADES = Codecs.forClass(Trade.class);
    static final Codec<Bar> BARS = Codecs.forClass(Bar.class);
    static final int KEYS = 11;
    static final long WINDOW_MS = 200;

    /** Failures still to inject; each after a checkpoint completed since the previous one. */
    static final AtomicInteger FAILURES_LEFT = new AtomicInteger();
    static final AtomicLong PROCESSED = new AtomicLong();
    static final AtomicLong LATEST_COMPLETED = new AtomicLong();
    private static final AtomicLong COMPLETED_AT_LAST_FAILURE = new AtomicLong();
    private static final AtomicLong NEXT_FAILURE_AT = new AtomicLong();
    private static volatile long pauseNanos;

    private WindowedLogJob() {
    }

    public static void main(String[] args) {
        pauseNanos = args.length > 5 ? Long.parseLong(args[5]) * 1000 : 0;
        StreamEnvironment env = environment(Path.of(args[3]), args.length > 4 ? Integer.parseInt(args[4]) : 1);
        build(env, Path.of(args[1]), Path.of(args[2]));
        env.execute(args[0]);
    }

    /** The trade of sequence number {@code n}: keys spread over every queue, times slightly out of order. */
    static Trade trade(long n) {
        return new Trade(n * 7 % KEYS, n * 5 - n % 7 * 3, n % 13 + 1);
    }

    /** Writes {@code count} trades into an at-least-once log of three queues. */
    static void writeInput(Path log, long count) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(3);
        env.fromSource(GeneratorSource.bounded(count, WindowedLogJob::trade).withCodec(TRADES), WatermarkStrategy.noWatermarks(),
                "trades").uid("trades")
            .sinkTo(ChronicleLogSink.atLeastOnce(log, TRADES)).uid("log");
        env.execute("write-trades");
    }

    /** Checkpoints every 10 ms, up to five restarts. */
    static StreamEnvironment environment(Path checkpoints, int parallelism) {
        // a watermark after every record: windows fire all along the input, so failures abort committed-to-be output
        StreamEnvironment env = StreamEnvironment.create().setParallelism(parallelism).setRingSize(64)
            .setAutoWatermarkInterval(Duration.ZERO).setRestartStrategy(RestartStrategy.fixedDelay(5, Duration.ZERO));
        env.enableCheckpointing(10);
        env.getCheckpointConfig().storage().checkpointsDir(checkpoints);
        return env;
    }

    /** Resets the counters and arms {@code failures} injected failures, the first after {@code firstAt} records. */
    static void injectFailures(int failures, long firstAt) {
        FAILURES_LEFT.set(failures);
        PROCESSED.set(0);
        LATEST_COMPLETED.set(0);
        COMPLETED_AT_LAST_FAILURE.set(0);
        NEXT_FAILURE_AT.set(firstAt);
    }

    static void build(StreamEnvironment env, Path input, Path output) {
        env.fromSource(ChronicleLogSource.bounded(input, TRADES),
                WatermarkStrategy.<Trade>forBoundedOutOfOrderness(Duration.ofSeconds(1)).withTimestampAssigner((t, ts) -> t.time()),
                "trades").uid("trades")
            .keyBy(Trade::key)
            .process(new RunningTotal()).uid("running-total")
            .keyBy(Trade::key)
            .window(TumblingEventTimeWindows.of(Duration.ofMillis(WINDOW_MS)))
            .aggregate(new CountMaxSum(), WindowedLogJob::bar).uid("bars")
            .sinkTo(ChronicleLogSink.exactlyOnce(output, BARS)).uid("out");
    }

    private static void bar(Long key, TimeWindow window, Iterable<long[]> results, Collector<Bar> out) {
        long[] r = results.iterator().next();
        out.collect(new Bar(key, window.end(), r[0], r[1], r[2]));
    }

    /** Per key, the running total of quantities in event-time order: records wait in state for their time's timer. */
    static final class RunningTotal extends KeyedProcessFunction<Long, Trade, Trade> implements CheckpointListener {
        private static final long serialVersionUID = 1L;
        private transient MapState<Long, Long> pending;
        private transient ValueState<Long> total;

        @Override
        public void open() {
            pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending", Codecs.LONG, Codecs.LONG));
            total = getRuntimeContext().getState(new ValueStateDescriptor<>("total", Codecs.LONG, 0L));
        }

        @Override
        public void processElement(Trade trade, Context ctx, Collector<Trade> out) {
            Long before = pending.get(trade.time());
            pending.put(trade.time(), (before == null ? 0 : before) + trade.qty());
            ctx.timerService().registerEventTimeTimer(trade.time());
            throttleAndFail(PROCESSED.incrementAndGet());
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<Trade> out) {
            Long qty = pending.get(timestamp);
            if (qty != null) {
                pending.remove(timestamp);
                total.update(total.value() + qty);
                out.collect(new Trade(ctx.getCurrentKey(), timestamp, total.value()));
            }
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            LATEST_COMPLETED.accumulateAndGet(checkpointId, Math::max);
        }

        /** Slow enough for checkpoints to complete mid-input; fails once a checkpoint completed since the last failure. */
        private static void throttleAndFail(long processed) {
            boolean due = FAILURES_LEFT.get() > 0 && processed >= NEXT_FAILURE_AT.get();
            if (pauseNanos > 0) {
                LockSupport.parkNanos(pauseNanos);
            } else if (due) {
                LockSupport.parkNanos(1_000_000); // a failure waits for a checkpoint: the input must not run out first
            } else if (processed % 4 == 0) {
                LockSupport.parkNanos(200_000);
            }
            if (due && failureDue(processed)) {
                throw new IllegalStateException("injected failure after " + processed + " records");
            }
        }

        /**
         * Whether this subtask injects the next failure, decided under a lock: the subtasks that wait
         * for the same completed checkpoint see it at once, and only one of them may fail for it
         * (two failing together would make one restart of two failures).
         */
        private static synchronized boolean failureDue(long processed) {
            if (FAILURES_LEFT.get() > 0 && processed >= NEXT_FAILURE_AT.get()
                && LATEST_COMPLETED.get() > COMPLETED_AT_LAST_FAILURE.get()) {
                FAILURES_LEFT.decrementAndGet();
                COMPLETED_AT_LAST_FAILURE.set(LATEST_COMPLETED.get());
                NEXT_FAILURE_AT.set(processed + 1000);
                return true;
            }
            return false;
        }
    }

    /** Count, max and sum of the running totals of a window. */
    static final class CountMaxSum implements AggregateFunction<Trade, long[], long[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public long[] createAccumulator() {
            return new long[3];
        }

        @Override
        public long[] add(Trade value, long[] acc) {
            return new long[] {acc[0] + 1, Math.max(acc[1], value.qty()), acc[2] + value.qty()};
        }

        @Override
        public long[] getResult(long[] acc) {
            return acc;
        }

        @Override
        public long[] merge(long[] a, long[] b) {
            return new long[] {a[0] + b[0], Math.max(a[1], b[1]), a[2] + b[2]};
        }
    }
}
