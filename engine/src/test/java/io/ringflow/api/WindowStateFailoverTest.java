package io.ringflow.api;

import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.api.RestartStrategy;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.ProcessWindowFunction;
import io.ringflow.api.functions.RichMapFunction;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.api.window.EventTimeTrigger;
import io.ringflow.api.window.PurgingTrigger;
import io.ringflow.api.window.TimeWindow;
import io.ringflow.api.window.TumblingEventTimeWindows;
import io.ringflow.connector.ChronicleLogReader;
import io.ringflow.connector.ChronicleLogSink;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Per-window state (windowState) and global state across late firings of a purging trigger,
 * with failovers in between firings and a rescaled restore, checked exactly against plain Java; and
 * clear(context) once per window at its cleanup in the last attempt (once skipped after a restore).
 */
@Timeout(120)
class WindowStateFailoverTest {
    static final int N = 3000;
    static final int KEYS = 6;
    static final long SIZE = 100;
    static final long LATENESS = 250;

    public record Ev(int key, long ts, int seq) {
    }

    /** (key start) -> cumulative count seen by clear(). */
    static final Map<String, Long> CLEARED = new ConcurrentHashMap<>();
    /** generation (attempt of either job) -> "key start cum" -> clear calls in it. */
    static final Map<Integer, Map<String, Long>> CLEARED_BY_GEN = new ConcurrentHashMap<>();
    static final Map<Integer, Integer> FIRST_SEQ = new ConcurrentHashMap<>();
    static volatile int gen = -1;
    static final Set<Integer> FAIL_AT = ConcurrentHashMap.newKeySet();

    static volatile boolean late = true;
    static volatile long intervalMs = 40;

    static List<Ev> events() {
        List<Ev> evs = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            long ts = late && i % 7 == 0 && i > 200 ? i - 120 : i; // late, within the lateness
            evs.add(new Ev(i % KEYS, ts, i));
        }
        return evs;
    }

    public static class SlowFail extends RichMapFunction<Ev, Ev> {
        @Override
        public void open() {
            gen++;
        }

        @Override
        public Ev map(Ev e) throws Exception {
            FIRST_SEQ.putIfAbsent(gen, e.seq());
            if (e.seq() % 2 == 0) {
                Thread.sleep(1);
            }
            if (FAIL_AT.remove(e.seq())) {
                throw new RuntimeException("injected at " + e.seq());
            }
            return e;
        }
    }

    public static class Firings extends ProcessWindowFunction<Ev, String, Integer, TimeWindow> {
        static final ValueStateDescriptor<Long> CUM = new ValueStateDescriptor<>("cum", Long.class);
        static final ValueStateDescriptor<Integer> FIRINGS = new ValueStateDescriptor<>("firings", Integer.class);
        static final ValueStateDescriptor<Integer> KEY = new ValueStateDescriptor<>("key", Integer.class);
        static final ValueStateDescriptor<Long> GLOBAL = new ValueStateDescriptor<>("global", Long.class);

        @Override
        public void process(Integer key, Context ctx, Iterable<Ev> elements, Collector<String> out) throws Exception {
            long n = 0;
            for (Ev e : elements) {
                n++;
            }
            ValueState<Long> cum = ctx.windowState().getState(CUM);
            ValueState<Integer> firings = ctx.windowState().getState(FIRINGS);
            ValueState<Long> global = ctx.globalState().getState(GLOBAL);
            long c = (cum.value() == null ? 0 : cum.value()) + n;
            int f = (firings.value() == null ? 0 : firings.value()) + 1;
            long g = (global.value() == null ? 0 : global.value()) + n;
            cum.update(c);
            ctx.windowState().getState(KEY).update(key);
            firings.update(f);
            global.update(g);
            out.collect(key + " " + ctx.window().start() + " " + f + " " + c + " " + g);
        }

        @Override
        public void clear(Context ctx) throws Exception {
            ValueState<Long> cum = ctx.windowState().getState(CUM);
            // key is not given to clear: the window start and count identify it well enough with the value
            CLEARED.merge(ctx.window().start() + " " + cum.value(), 1L, Long::sum);
            CLEARED_BY_GEN.computeIfAbsent(gen, g -> new ConcurrentHashMap<>())
                .merge(ctx.windowState().getState(KEY).value() + " " + ctx.window().start() + " " + cum.value(), 1L, Long::sum);
            ctx.windowState().getState(KEY).clear();
            cum.clear();
            ctx.windowState().getState(FIRINGS).clear();
        }
    }

    private static JobClient start(Path dir, int parallelism, boolean restore, int restarts) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(parallelism).setRingSize(64);
        env.setAutoWatermarkInterval(Duration.ZERO);
        env.enableCheckpointing(intervalMs);
        env.getCheckpointConfig().storage().checkpointsDir(dir.resolve("chk"));
        env.setRestartStrategy(restarts == 0 ? RestartStrategy.noRestart() : RestartStrategy.fixedDelay(restarts, Duration.ZERO));
        if (restore) {
            env.setRestore("latest");
        }
        env.fromCollection(events()).setParallelism(1).uid("src")
            .map(new SlowFail()).setParallelism(1).uid("slow")
            .assignTimestampsAndWatermarks(WatermarkStrategy.<Ev>forMonotonousTimestamps().withTimestampAssigner((e, t) -> e.ts()))
            .setParallelism(1).uid("ts")
            .keyBy(Ev::key)
            .window(TumblingEventTimeWindows.of(Duration.ofMillis(SIZE)))
            .allowedLateness(Duration.ofMillis(LATENESS))
            .trigger(PurgingTrigger.of(EventTimeTrigger.create()))
            .process(new Firings()).uid("win")
            .sinkTo(ChronicleLogSink.exactlyOnce(dir.resolve("out"), Codecs.STRING)).uid("sink");
        return env.executeAsync("window-state-failover");
    }

    private static void check(Path dir) {
        List<String> out = ChronicleLogReader.readCommitted(dir.resolve("out"), Codecs.STRING);
        Map<String, Long> total = new TreeMap<>();
        Map<Integer, Long> perKey = new TreeMap<>();
        for (Ev e : events()) {
            total.merge(e.key() + " " + (e.ts() / SIZE * SIZE), 1L, Long::sum);
            perKey.merge(e.key(), 1L, Long::sum);
        }
        Map<String, List<long[]>> firings = new TreeMap<>();
        Map<Integer, Long> maxGlobal = new TreeMap<>();
        for (String line : out) {
            String[] p = line.split(" ");
            firings.computeIfAbsent(p[0] + " " + p[1], k -> new ArrayList<>())
                .add(new long[] {Long.parseLong(p[2]), Long.parseLong(p[3])});
            maxGlobal.merge(Integer.parseInt(p[0]), Long.parseLong(p[4]), Math::max);
        }
        List<String> problems = new ArrayList<>();
        for (var e : total.entrySet()) {
            List<long[]> fs = firings.getOrDefault(e.getKey(), List.of());
            fs.sort((a, b) -> Long.compare(a[0], b[0]));
            for (int i = 0; i < fs.size(); i++) {
                if (fs.get(i)[0] != i + 1) {
                    problems.add(e.getKey() + ": firing numbers " + fs.stream().map(a -> a[0] + "/" + a[1]).toList());
                    break;
                }
            }
            long last = fs.isEmpty() ? 0 : fs.get(fs.size() - 1)[1];
            if (last != e.getValue()) {
                problems.add(e.getKey() + ": cumulative " + last + " expected " + e.getValue());
            }
        }
        assertEquals(List.of(), problems.subList(0, Math.min(20, problems.size())), problems.size() + " problems");
        assertEquals(perKey, maxGlobal, "global state per key");
        // clear: every (window, final count) pair seen at least once
        Map<String, Long> expectedClears = new TreeMap<>();
        total.forEach((k, v) -> expectedClears.merge(k.split(" ")[1] + " " + v, 1L, Long::sum));
        List<String> missing = new ArrayList<>();
        expectedClears.forEach((k, v) -> {
            if (CLEARED.getOrDefault(k, 0L) < v) {
                missing.add(k + " cleared " + CLEARED.getOrDefault(k, 0L) + " of " + v);
            }
        });
        assertEquals(List.of(), missing, "windows whose clear() did not see their final count; first seqs " + FIRST_SEQ
            + "; clears per generation " + new TreeMap<>(CLEARED_BY_GEN).entrySet().stream()
            .map(g -> g.getKey() + "=" + new TreeMap<>(g.getValue()).keySet().stream().filter(x -> missing.stream()
                .anyMatch(m -> x.contains(" " + m.split(" ")[0] + " "))).toList()).toList());
        int last = gen;
        int p = FIRST_SEQ.get(last);
        Map<String, Long> lastClears = CLEARED_BY_GEN.getOrDefault(last, Map.of());
        List<String> missingInLast = new ArrayList<>();
        total.forEach((k, v) -> {
            long start = Long.parseLong(k.split(" ")[1]);
            if (start + SIZE - 1 + LATENESS >= p + 5) {
                long n = lastClears.getOrDefault(k + " " + v, 0L);
                if (n != 1) {
                    missingInLast.add(k + " " + v + " cleared " + n + "x");
                }
            }
        });
        assertEquals(List.of(), missingInLast, "windows to be cleaned up after the last restore (first seq " + p
            + ", generation " + last + "), cleared in it not exactly once; clears in it: " + lastClears.size());
    }

    @Test
    void failoversBetweenFirings(@TempDir Path dir) throws Exception {
        CLEARED.clear();
        CLEARED_BY_GEN.clear();
        late = true;
        intervalMs = 40;
        FIRST_SEQ.clear();
        gen = -1;
        FAIL_AT.clear();
        FAIL_AT.addAll(List.of(1020, 1830, 2410));
        JobClient job = start(dir, 2, false, 5);
        try {
            assertEquals(JobStatus.FINISHED, job.await(Duration.ofSeconds(90)).status(), String.valueOf(job.failureCause()));
        } finally {
            Jobs.stop(job);
        }
        assertEquals(3, job.restarts());
        check(dir);
    }

    /** No late records and restores between a cleanup time (x49) and the next firing (x99): deterministic. */
    @Test
    void failoversRestoringBeforeACleanupWithoutAFiringInBetween(@TempDir Path dir) throws Exception {
        CLEARED.clear();
        CLEARED_BY_GEN.clear();
        FIRST_SEQ.clear();
        gen = -1;
        FAIL_AT.clear();
        late = false;
        intervalMs = 10;
        FAIL_AT.addAll(List.of(1045, 1845, 2445));
        JobClient job = start(dir, 2, false, 5);
        try {
            assertEquals(JobStatus.FINISHED, job.await(Duration.ofSeconds(90)).status(), String.valueOf(job.failureCause()));
        } finally {
            Jobs.stop(job);
        }
        assertEquals(3, job.restarts());
        check(dir);
    }

    @Test
    void rescaledRestore(@TempDir Path dir) throws Exception {
        CLEARED.clear();
        CLEARED_BY_GEN.clear();
        late = true;
        intervalMs = 40;
        FIRST_SEQ.clear();
        gen = -1;
        FAIL_AT.clear();
        FAIL_AT.add(1440);
        JobClient first = start(dir, 2, false, 0);
        try {
            org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> first.await(Duration.ofSeconds(60)));
        } finally {
            Jobs.stop(first);
        }
        JobClient second = start(dir, 3, true, 0);
        try {
            assertEquals(JobStatus.FINISHED, second.await(Duration.ofSeconds(60)).status(), String.valueOf(second.failureCause()));
        } finally {
            Jobs.stop(second);
        }
        assertTrue(second.lastRestoredCheckpointId().isPresent());
        check(dir);
    }
}
