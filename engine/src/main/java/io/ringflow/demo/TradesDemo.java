package io.ringflow.demo;

import io.ringflow.api.IdleStrategies;
import io.ringflow.api.JobClient;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.api.window.TumblingEventTimeWindows;
import io.ringflow.connector.DiscardingSink;
import io.ringflow.connector.GeneratorSource;
import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.time.Duration;

/**
 * The demo job: a stream of trades, keyed by symbol, into a running volume per symbol and into
 * 1-second event-time windows computing volume and VWAP.
 * <pre>
 *   trades ═keyBy(symbol)═► running volume ─► latency sink
 *          ═keyBy(symbol)═► 1 s VWAP window ─► bar sink
 * </pre>
 * Prints events/s and end-to-end latency (trade creation → running volume updated) every second.
 */
public final class TradesDemo {
    private TradesDemo() {
    }

    public static int run(DemoOptions options, PrintStream out) throws InterruptedException {
        double eventTimeRate = options.ratePerSecond() > 0 ? options.ratePerSecond() : 1_000_000;
        StreamEnvironment env = StreamEnvironment.create()
            .setParallelism(options.parallelism())
            .setIdleStrategy(IdleStrategies.byName(options.idleStrategy()));
        var trades = env.fromSource(
            GeneratorSource.unbounded(sequence -> Trade.generate(sequence, eventTimeRate)).withRate(options.ratePerSecond()),
            WatermarkStrategy.<Trade>forBoundedOutOfOrderness(Duration.ofMillis(100))
                .withTimestampAssigner((trade, timestamp) -> trade.timeMs()),
            "trades").uid("trades");

        DiscardingSink<Trade> latencySink = DiscardingSink.withLatency(Trade::createdNanos);
        trades.keyBy(Trade::symbol).process(new RunningVolume()).name("running volume").uid("running-volume")
            .sinkTo(latencySink).name("latency sink");
        BarSink bars = new BarSink();
        trades.keyBy(Trade::symbol)
            .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
            .aggregate(new VwapAggregate(), (String symbol, io.ringflow.api.window.TimeWindow window,
                                             Iterable<double[]> results, io.ringflow.api.functions.Collector<Bar> collector) -> {
                double[] sums = results.iterator().next();
                collector.collect(new Bar(symbol, window.end(), (long) sums[1], sums[2] / sums[1], (long) sums[0]));
            }).name("vwap 1s").uid("vwap")
            .sinkTo(bars).name("bar sink");

        JobClient job = env.executeAsync("trades-vwap");
        Histogram total = new Histogram(3);
        Histogram interval = null;
        long startNanos = System.nanoTime();
        long lastCount = 0;
        long lastNanos = startNanos;
        for (int second = 1; second <= options.durationSeconds() && !job.status().isTerminal(); second++) {
            Thread.sleep(Math.max(0, startNanos + second * 1_000_000_000L - System.nanoTime()) / 1_000_000);
            interval = latencySink.latencyRecorder().getIntervalHistogram(interval);
            total.add(interval);
            long count = latencySink.count();
            long now = System.nanoTime();
            Bar bar = bars.latest();
            out.printf("t=%2ds  %,11.0f events/s  latency p50 %,9.1f µs  p99 %,9.1f µs  bars %,6d%s%n", second,
                (count - lastCount) * 1e9 / (now - lastNanos), micros(interval, 50), micros(interval, 99), bars.count(),
                bar == null ? "" : String.format("  last %s vwap %.2f vol %,d", bar.symbol(), bar.vwap(), bar.volume()));
            lastCount = count;
            lastNanos = now;
        }
        job.cancel().join();
        job.failureCause().ifPresent(cause -> {
            throw new IllegalStateException("the demo job failed", cause);
        });
        double seconds = (lastNanos - startNanos) / 1e9;
        out.printf("summary: %.1f s, %,d trades (%,.0f events/s), latency p50 %,.1f µs p99 %,.1f µs max %,.1f µs, %,d bars, job %s%n",
            seconds, lastCount, lastCount / seconds, micros(total, 50), micros(total, 99),
            total.getMaxValue() / 1000.0, bars.count(), job.status());
        return 0;
    }

    private static double micros(Histogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1000.0;
    }
}
