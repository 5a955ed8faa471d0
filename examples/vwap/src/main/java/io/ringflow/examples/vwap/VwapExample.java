package io.ringflow.examples.vwap;

import io.ringflow.api.DataStream;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.AggregateFunction;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.api.window.TimeWindow;
import io.ringflow.api.window.TumblingEventTimeWindows;
import io.ringflow.connector.CollectSink;
import io.ringflow.connector.GeneratorSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Trades → 1-second VWAP bars per symbol, on event time.
 * <pre>
 *   generated trades ═keyBy(symbol)═► 1 s tumbling window (trades, volume, notional) ─► bars
 * </pre>
 * Usage: {@code VwapExample [trades] [trades-per-event-time-second]} (defaults 100000 and 10000);
 * prints one line per bar, then {@code bars: N}.
 */
public final class VwapExample {
    static final String[] SYMBOLS = {"AAPL", "MSFT", "NVDA", "AMZN", "GOOG", "META", "TSLA", "AMD"};
    static final long EPOCH_MS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    /** One trade: event time in epoch ms, price in cents. */
    public record Trade(String symbol, long timeMs, long priceCents, long quantity) {
        /** The trade of a sequence number: deterministic, so a run can be checked. */
        public static Trade generate(long sequence, double tradesPerSecond) {
            long mixed = mix(sequence);
            int symbol = (int) (mixed % SYMBOLS.length);
            long priceCents = 10_000 + symbol * 1_000 + (mixed >>> 8) % 1_000;
            long quantity = 1 + (mixed >>> 24) % 500;
            long timeMs = EPOCH_MS + (long) (sequence * 1000.0 / tradesPerSecond);
            return new Trade(SYMBOLS[symbol], timeMs, priceCents, quantity);
        }
    }

    /** One second of one symbol; VWAP = notional / volume. */
    public record Bar(String symbol, long windowEndMs, long trades, long volume, long notionalCents) {
        public double vwap() {
            return volume == 0 ? 0 : notionalCents / 100.0 / volume;
        }

        public String format() {
            return String.format(Locale.ROOT, "%s %-5s trades=%d volume=%d vwap=%.4f",
                Instant.ofEpochMilli(windowEndMs), symbol, trades, volume, vwap());
        }
    }

    /** {trades, volume, notional in cents} of a window, exact. */
    static final class VwapAggregate implements AggregateFunction<Trade, long[], long[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public long[] createAccumulator() {
            return new long[3];
        }

        @Override
        public long[] add(Trade trade, long[] sums) {
            sums[0] += 1;
            sums[1] += trade.quantity();
            sums[2] += trade.quantity() * trade.priceCents();
            return sums;
        }

        @Override
        public long[] getResult(long[] sums) {
            return sums;
        }

        @Override
        public long[] merge(long[] a, long[] b) {
            return new long[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]};
        }
    }

    private VwapExample() {
    }

    public static void main(String[] args) {
        long count = args.length > 0 ? Long.parseLong(args[0]) : 100_000;
        double rate = args.length > 1 ? Double.parseDouble(args[1]) : 10_000;
        List<Bar> bars = run(count, rate);
        bars.forEach(bar -> System.out.println(bar.format()));
        System.out.println("bars: " + bars.size());
    }

    /** Runs the job on {@code count} trades and returns the bars, by window end then symbol. */
    public static List<Bar> run(long count, double tradesPerSecond) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        DataStream<Trade> trades = env.fromSource(
            GeneratorSource.bounded(count, sequence -> Trade.generate(sequence, tradesPerSecond))
                .withCodec(Codecs.forClass(Trade.class)),
            WatermarkStrategy.<Trade>forBoundedOutOfOrderness(Duration.ofMillis(100))
                .withTimestampAssigner((trade, timestamp) -> trade.timeMs()),
            "trades").uid("trades");
        CollectSink<Bar> sink = new CollectSink<>();
        trades.keyBy(Trade::symbol)
            .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)))
            .aggregate(new VwapAggregate(), (String symbol, TimeWindow window, Iterable<long[]> results,
                                              Collector<Bar> out) -> {
                long[] sums = results.iterator().next();
                out.collect(new Bar(symbol, window.end(), sums[0], sums[1], sums[2]));
            }).returns(Codecs.forClass(Bar.class)).name("vwap 1s").uid("vwap")
            .sinkTo(sink).name("bars").uid("bars");
        env.execute("vwap-example"); // the input is bounded: returns when the last window has fired
        List<Bar> bars = sink.getResults();
        bars.sort(Comparator.comparingLong(Bar::windowEndMs).thenComparing(Bar::symbol));
        return bars;
    }

    private static long mix(long x) {
        x = (x ^ (x >>> 33)) * 0xff51afd7ed558ccdL;
        x = (x ^ (x >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return (x ^ (x >>> 33)) & Long.MAX_VALUE;
    }
}
