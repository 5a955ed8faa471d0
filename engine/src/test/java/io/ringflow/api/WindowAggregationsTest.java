package io.ringflow.api;

import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.api.window.TimeWindow;
import io.ringflow.api.window.TumblingEventTimeWindows;
import io.ringflow.connector.CollectSink;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BinaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code sum / min / max / minBy / maxBy} on keyed and all-windows, and {@code windowAll(...)
 * .reduce(reducer, AllWindowFunction)}, against plain Java with Flink's rules: sum, min and max
 * keep the window's first record and replace the component; minBy and maxBy keep the record
 * holding the extreme, the earliest on ties. One source subtask keeps records in order.
 */
class WindowAggregationsTest {
    private static final long WINDOW_MS = 100;

    record Fill(String symbol, long quantity, int price, long timeMs) {
    }

    private static List<Fill> fills() {
        Random random = new Random(3);
        List<Fill> fills = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            fills.add(new Fill("S" + random.nextInt(5), 1 + random.nextInt(50), 90 + random.nextInt(10), i / 3));
        }
        return fills;
    }

    @Test
    void shouldAggregateEachWindowAsFlinkDoes() {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(16);
        List<Fill> fills = fills();
        DataStream<Fill> timed = env.fromCollection(fills).setParallelism(1)
            .assignTimestampsAndWatermarks(WatermarkStrategy.<Fill>forMonotonousTimestamps().withTimestampAssigner((f, ts) -> f.timeMs()))
            .setParallelism(1); // one subtask keeps each window's records in order
        var windows = timed.keyBy(Fill::symbol).window(TumblingEventTimeWindows.of(Duration.ofMillis(WINDOW_MS)));
        var all = timed.windowAll(TumblingEventTimeWindows.of(Duration.ofMillis(WINDOW_MS)));
        Map<String, CollectSink<Fill>> sinks = new TreeMap<>();
        for (String name : List.of("sum", "min", "max", "minBy", "maxBy", "allMaxBy", "allSum")) {
            sinks.put(name, new CollectSink<>());
        }
        windows.sum("quantity").sinkTo(sinks.get("sum"));
        windows.min(2).sinkTo(sinks.get("min"));
        windows.max("price").sinkTo(sinks.get("max"));
        windows.minBy("price").sinkTo(sinks.get("minBy"));
        windows.maxBy(2).sinkTo(sinks.get("maxBy"));
        all.maxBy("price").sinkTo(sinks.get("allMaxBy"));
        all.sum(1).sinkTo(sinks.get("allSum"));
        CollectSink<String> described = new CollectSink<>();
        all.reduce((a, b) -> a.quantity() >= b.quantity() ? a : b,
                (TimeWindow window, Iterable<Fill> largest, io.ringflow.api.functions.Collector<String> out) ->
                    out.collect(window.start() + " " + largest.iterator().next().quantity()))
            .returns(String.class).sinkTo(described);

        assertEquals(JobStatus.FINISHED, Jobs.run(env, "window-aggregations").status());

        assertWindows(fills, true, sinks.get("sum"), (a, b) -> new Fill(a.symbol(), a.quantity() + b.quantity(), a.price(), a.timeMs()));
        assertWindows(fills, true, sinks.get("min"), (a, b) -> new Fill(a.symbol(), a.quantity(), Math.min(a.price(), b.price()), a.timeMs()));
        assertWindows(fills, true, sinks.get("max"), (a, b) -> new Fill(a.symbol(), a.quantity(), Math.max(a.price(), b.price()), a.timeMs()));
        assertWindows(fills, true, sinks.get("minBy"), (a, b) -> b.price() < a.price() ? b : a);
        assertWindows(fills, true, sinks.get("maxBy"), (a, b) -> b.price() > a.price() ? b : a);
        assertWindows(fills, false, sinks.get("allMaxBy"), (a, b) -> b.price() > a.price() ? b : a);
        assertWindows(fills, false, sinks.get("allSum"), (a, b) -> new Fill(a.symbol(), a.quantity() + b.quantity(), a.price(), a.timeMs()));
        List<String> expected = new ArrayList<>();
        reduce(fills, false, (a, b) -> a.quantity() >= b.quantity() ? a : b)
            .forEach((window, fill) -> expected.add(window.substring(window.indexOf(' ') + 1) + " " + fill.quantity()));
        assertEquals(sorted(expected), sorted(described.getResults()));
    }

    private static void assertWindows(List<Fill> fills, boolean keyed, CollectSink<Fill> sink, BinaryOperator<Fill> reducer) {
        List<String> expected = new ArrayList<>();
        reduce(fills, keyed, reducer).values().forEach(f -> expected.add(f.toString()));
        List<String> actual = new ArrayList<>();
        sink.getResults().forEach(f -> actual.add(f.toString()));
        assertEquals(sorted(expected), sorted(actual));
    }

    /** Per (key, window start) or per window start: the records reduced in arrival order. */
    private static Map<String, Fill> reduce(List<Fill> fills, boolean keyed, BinaryOperator<Fill> reducer) {
        Map<String, Fill> windows = new TreeMap<>();
        for (Fill fill : fills) {
            String window = (keyed ? fill.symbol() : "all") + " " + (fill.timeMs() / WINDOW_MS * WINDOW_MS);
            windows.merge(window, fill, reducer);
        }
        return windows;
    }

    private static List<String> sorted(List<String> values) {
        List<String> copy = new ArrayList<>(values);
        copy.sort(null);
        return copy;
    }
}
