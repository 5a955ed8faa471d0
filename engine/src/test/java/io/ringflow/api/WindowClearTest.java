package io.ringflow.api;

import io.ringflow.api.JobStatus;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.ProcessWindowFunction;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.api.window.PurgingTrigger;
import io.ringflow.api.window.EventTimeTrigger;
import io.ringflow.api.window.TimeWindow;
import io.ringflow.api.window.TumblingEventTimeWindows;
import io.ringflow.connector.CollectSink;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code ProcessWindowFunction.clear(context)} is called once per key and window at the window's
 * cleanup, as in Flink: with the default and with a purging trigger, whether or not the function
 * used {@code windowState()} (a purged window's clear was once skipped unless it had).
 */
@Timeout(60)
class WindowClearTest {
    record Ev(int key, long ts) {
    }

    static final Map<String, AtomicInteger> CLEARS = new ConcurrentHashMap<>();

    /** Counts clear calls per key and window; optionally touches windowState in process. */
    public static class Counting extends ProcessWindowFunction<Ev, String, Integer, TimeWindow> {
        final boolean useWindowState;

        Counting(boolean useWindowState) {
            this.useWindowState = useWindowState;
        }

        @Override
        public void process(Integer key, Context ctx, Iterable<Ev> elements, Collector<String> out) throws Exception {
            int n = 0;
            for (Ev e : elements) {
                n++;
            }
            if (useWindowState) {
                ValueState<Long> seen = ctx.windowState().getState(new ValueStateDescriptor<>("seen", Long.class));
                seen.update((seen.value() == null ? 0 : seen.value()) + n);
            }
            out.collect(key + " " + ctx.window().start() + " " + n);
        }

        @Override
        public void clear(Context ctx) {
            CLEARS.computeIfAbsent("?" + " " + ctx.window().start(), k -> new AtomicInteger()).incrementAndGet();
        }
    }

    private static List<Ev> events() {
        List<Ev> evs = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            evs.add(new Ev(i % 4, i));
        }
        return evs;
    }

    private void run(boolean purging, boolean useWindowState) {
        CLEARS.clear();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(64);
        env.setAutoWatermarkInterval(Duration.ZERO);
        var keyed = env.fromCollection(events()).setParallelism(1)
            .assignTimestampsAndWatermarks(WatermarkStrategy.<Ev>forMonotonousTimestamps().withTimestampAssigner((e, t) -> e.ts()))
            .setParallelism(1)
            .keyBy(Ev::key)
            .window(TumblingEventTimeWindows.of(Duration.ofMillis(100)))
            .allowedLateness(Duration.ofMillis(50));
        if (purging) {
            keyed = keyed.trigger(PurgingTrigger.of(EventTimeTrigger.create()));
        }
        CollectSink<String> sink = new CollectSink<>();
        keyed.process(new Counting(useWindowState)).sinkTo(sink);
        assertEquals(JobStatus.FINISHED, Jobs.run(env, "window-clear").status());
        assertEquals(80, sink.getResults().size(), "4 keys x 20 windows fire once");
        Map<String, Integer> clears = new TreeMap<>();
        CLEARS.forEach((k, v) -> clears.put(k, v.get()));
        // at the end of input the watermark goes to max: every window (4 keys x 20) cleaned up once
        int total = clears.values().stream().mapToInt(Integer::intValue).sum();
        assertEquals(80, total, "clear() calls (purging=" + purging + ", windowState=" + useWindowState + "): " + clears);
    }

    @Test
    void clearOncePerWindowDefaultTrigger() {
        run(false, false);
    }

    @Test
    void clearOncePerWindowPurgingTriggerWithWindowState() {
        run(true, true);
    }

    @Test
    void clearOncePerWindowPurgingTriggerWithoutWindowState() {
        run(true, false);
    }
}
