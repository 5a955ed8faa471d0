package io.ringflow.demo;

import io.ringflow.api.CheckpointingMode;
import io.ringflow.api.DataStream;
import io.ringflow.api.IdleStrategies;
import io.ringflow.api.JobClient;
import io.ringflow.api.RestartStrategy;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.api.window.TimeWindow;
import io.ringflow.api.window.TumblingEventTimeWindows;
import io.ringflow.connector.ChronicleLogReader;
import io.ringflow.connector.ChronicleLogSink;
import io.ringflow.connector.DiscardingSink;
import io.ringflow.connector.GeneratorSource;

import java.io.PrintStream;
import java.time.Duration;

/**
 * The demo job: a stream of trades, keyed by symbol, into a running volume per symbol and into
 * 1-second event-time windows computing volume and VWAP.
 * <pre>
 *   trades ═keyBy(symbol)═► running volume ─► latency sink
 *          ═keyBy(symbol)═► 1 s VWAP window ─► bar sink (+ exactly-once Chronicle log with --checkpoint-dir)
 * </pre>
 * Prints events/s and end-to-end latency (trade creation → running volume updated) every second.
 */
public final class TradesDemo {
    /** Trades carry synthetic event time at this rate, whatever the processing rate, so runs are comparable. */
    static final double EVENT_TIME_RATE = 1_000_000;
    static final String JOB_NAME = "trades-vwap";

    private TradesDemo() {
    }

    public static int run(DemoOptions options, PrintStream out) throws InterruptedException {
        StreamEnvironment env = StreamEnvironment.create()
            .setParallelism(options.parallelism())
            .setIdleStrategy(IdleStrategies.byName(options.idleStrategy()));
        configureCheckpoints(env, options);
        GeneratorSource<Trade> source = options.bounded()
            ? GeneratorSource.bounded(options.events(), sequence -> Trade.generate(sequence, EVENT_TIME_RATE))
            : GeneratorSource.unbounded(sequence -> Trade.generate(sequence, EVENT_TIME_RATE));
        DataStream<Trade> trades = env.fromSource(source.withRate(options.ratePerSecond()),
            WatermarkStrategy.<Trade>forBoundedOutOfOrderness(Duration.ofMillis(100))
                .withTimestampAssigner((trade, timestamp) -> trade.timeMs()),
            "trades").uid("trades");

        DiscardingSink<Trade> latencySink = DiscardingSink.withLatency(Trade::createdNanos);
        trades.keyBy(Trade::symbol).process(new RunningVolume()).name("running volume").uid("running-volume")
            .sinkTo(latencySink).name("latency sink").uid("latency-sink");
        BarSink bars = new BarSink();
        Codec<Bar> barCodec = Codecs.forClass(Bar.class);
        DataStream<Bar> windows = trades.keyBy(Trade::symbol)
            .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
            .aggregate(new VwapAggregate(), (String symbol, TimeWindow window, Iterable<long[]> results,
                                              Collector<Bar> collector) -> {
                long[] sums = results.iterator().next();
                collector.collect(new Bar(symbol, window.end(), sums[0], sums[1], sums[2]));
            }).returns(barCodec).name("vwap 1s").uid("vwap");
        windows.sinkTo(bars).name("bar counter").uid("bar-counter");
        if (options.outputDir() != null) {
            windows.sinkTo(options.mode().equals("at-least-once")
                    ? ChronicleLogSink.atLeastOnce(options.outputDir(), barCodec)
                    : ChronicleLogSink.exactlyOnce(options.outputDir(), barCodec))
                .name("bar log").uid("bar-log");
        }
        if (options.crashAfterSeconds() >= 0) {
            scheduleCrash(options.crashAfterSeconds(), out);
        }
        JobClient job = env.executeAsync(JOB_NAME);
        DemoProgress progress = new DemoProgress(latencySink, bars, () -> job.checkpointStats().stream()
            .filter(stats -> stats.status() == io.ringflow.api.CheckpointStatus.COMPLETED).count(), out);
        for (int second = 1; options.bounded() || second <= options.durationSeconds(); second++) {
            if (job.status().isTerminal() || job.result().isDone()) {
                break;
            }
            progress.waitAndPrint(second);
        }
        if (!options.bounded()) {
            job.cancel().join();
        }
        job.await();
        progress.printSummary(job);
        if (options.verify()) {
            return Verify.compare(ChronicleLogReader.readCommitted(options.outputDir(), barCodec), options.events(), out);
        }
        return 0;
    }

    private static void configureCheckpoints(StreamEnvironment env, DemoOptions options) {
        if (options.checkpointDir() == null) {
            return;
        }
        env.enableCheckpointing(options.intervalMs(),
            options.mode().equals("at-least-once") ? CheckpointingMode.AT_LEAST_ONCE : CheckpointingMode.EXACTLY_ONCE);
        env.getCheckpointConfig().storage().checkpointsDir(options.checkpointDir()).numRetained(2);
        env.getCheckpointConfig().enableUnalignedCheckpoints(options.mode().equals("unaligned"));
        env.setRestartStrategy(RestartStrategy.fixedDelay(3, Duration.ofMillis(100)));
        if (options.restore() != null) {
            env.setRestore(options.restore());
        }
    }

    /** Kills the process like {@code kill -9}: no shutdown hooks, no flushing, no cleanup. */
    private static void scheduleCrash(double seconds, PrintStream out) {
        Thread crasher = new Thread(() -> {
            try {
                Thread.sleep((long) (seconds * 1000));
            } catch (InterruptedException e) {
                return;
            }
            out.println("crash: halting the process now (--crash-after " + seconds + ")");
            out.flush();
            Runtime.getRuntime().halt(137);
        }, "demo-crash-timer");
        crasher.setDaemon(true);
        crasher.start();
    }
}
