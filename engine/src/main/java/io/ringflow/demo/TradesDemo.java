package io.ringflow.demo;

import io.ringflow.api.CheckpointingMode;
import io.ringflow.api.DataStream;
import io.ringflow.api.IdleStrategies;
import io.ringflow.api.JobClient;
import io.ringflow.api.RestartStrategy;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.connector.Source;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.api.window.TimeWindow;
import io.ringflow.api.window.TumblingEventTimeWindows;
import io.ringflow.connector.ChronicleLogReader;
import io.ringflow.connector.ChronicleLogSink;
import io.ringflow.connector.DiscardingSink;
import io.ringflow.connector.GeneratorSource;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;

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
    static final String JOB_NAME = "trades-vwap";

    private TradesDemo() {
    }

    public static int run(DemoOptions options, PrintStream out) throws InterruptedException {
        StreamEnvironment env = StreamEnvironment.create()
            .setParallelism(options.parallelism())
            .setIdleStrategy(IdleStrategies.byName(options.idleStrategy()));
        configureCheckpoints(env, options);
        double eventRate = EventTimeRate.of(options, out);
        GeneratorSource<Trade> generator = (options.bounded()
            ? GeneratorSource.bounded(options.events(), sequence -> Trade.generate(sequence, eventRate))
            : GeneratorSource.unbounded(sequence -> Trade.generate(sequence, eventRate)))
            .withRate(options.ratePerSecond()).withCodec(Codecs.forClass(Trade.class));
        Source<Trade> source = options.bounded() ? generator
            : new TimedSource<>(generator, System.currentTimeMillis() + options.durationSeconds() * 1000L);
        DataStream<Trade> trades = env.fromSource(source,
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
        out.println(describe(options, eventRate));
        JobClient job = env.executeAsync(JOB_NAME);
        reportRestore(job, options, out);
        DemoProgress progress = new DemoProgress(latencySink, bars, () -> job.checkpointStats().stream()
            .filter(stats -> stats.status() == io.ringflow.api.CheckpointStatus.COMPLETED).count(), out);
        // A timed run's input ends at its deadline, so every run ends as its job finishes.
        for (int second = 1; progress.waitAndPrint(second, job.result()); second++) {
            continue;
        }
        job.await();
        progress.printSummary(job);
        if (options.verify()) {
            return Verify.compare(ChronicleLogReader.readCommitted(options.outputDir(), barCodec), options.events(),
                eventRate, out);
        }
        return 0;
    }

    /** The run's settings in one line, checkpoints included, so that nothing is silently left out. */
    static String describe(DemoOptions options, double eventRate) {
        String input = options.bounded() ? String.format("%,d trades", options.events())
            : options.durationSeconds() + " s of trades";
        String rate = options.ratePerSecond() > 0 ? String.format("at %,.0f/s", options.ratePerSecond()) : "as fast as possible";
        String checkpoints = !options.checkpointing() ? "no checkpoints"
            : String.format("%s checkpoints every %d ms %s", options.mode(), options.intervalMs(),
                options.checkpointDir() == null ? "on the heap"
                    : "into " + options.checkpointDir() + " (durability " + options.durability() + ")");
        return String.format("demo: %s %s (event time %,.0f trades/s), parallelism %d, idle %s, %s%s", input, rate,
            eventRate, options.parallelism(), options.idleStrategy(), checkpoints,
            options.outputDir() == null ? "" : ", bars exactly-once to " + options.outputDir());
    }

    private static void reportRestore(JobClient job, DemoOptions options, PrintStream out) {
        if (options.restore() == null) {
            return;
        }
        OptionalLong id = job.lastRestoredCheckpointId();
        if (id.isEmpty()) {
            out.println("restore: no checkpoint restored (--restore " + options.restore() + ")");
            return;
        }
        Path latest = options.checkpointDir().resolve(JOB_NAME).resolve("chk-" + id.getAsLong());
        String where = options.restore().equals("latest")
            ? (Files.isDirectory(latest) ? latest.toString() : "the newest under " + options.checkpointDir())
            : options.restore();
        out.println("restore: checkpoint " + id.getAsLong() + " from " + where);
    }

    private static void configureCheckpoints(StreamEnvironment env, DemoOptions options) {
        if (!options.checkpointing()) {
            return;
        }
        env.enableCheckpointing(options.intervalMs(),
            options.mode().equals("at-least-once") ? CheckpointingMode.AT_LEAST_ONCE : CheckpointingMode.EXACTLY_ONCE);
        env.getCheckpointConfig().enableUnalignedCheckpoints(options.mode().equals("unaligned"));
        env.setRestartStrategy(RestartStrategy.fixedDelay(3, Duration.ofMillis(100)));
        if (options.checkpointDir() == null) {
            return; // without a directory, checkpoints stay on the heap
        }
        env.getCheckpointConfig().storage().checkpointsDir(options.checkpointDir()).numRetained(2)
            .durability(options.durability().equals("page-cache") ? io.ringflow.storage.StorageOptions.Durability.PAGE_CACHE
                : io.ringflow.storage.StorageOptions.Durability.FLUSH);
        if (options.restore() != null) {
            env.setRestore(options.restore());
            env.setAllowNonRestoredState(options.allowNonRestoredState());
            env.setAllowDuplicateOutput(options.allowDuplicateOutput());
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
