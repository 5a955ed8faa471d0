package io.ringflow.api;

import io.ringflow.api.WindowReference.Event;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.ProcessWindowFunction;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.api.window.CountEvictor;
import io.ringflow.api.window.CountTrigger;
import io.ringflow.api.window.DeltaEvictor;
import io.ringflow.api.window.Evictor;
import io.ringflow.api.window.GlobalWindow;
import io.ringflow.api.window.GlobalWindows;
import io.ringflow.api.window.TimeEvictor;
import io.ringflow.api.window.TimestampedValue;
import io.ringflow.connector.CollectSink;
import io.ringflow.connector.CollectionSource;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static io.ringflow.api.WindowReference.sorted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Flink's evictors (count, time, delta; before and after the function; custom ones through
 * {@link Evictor}'s iterator) on global windows fired by every record, against the plain
 * computation, at parallelism 1 and 4; and the records' timestamps kept through a failover.
 */
class EvictorTest {
    private static DataStream<Event> events(StreamEnvironment env, List<Event> events, boolean timestamps) {
        WatermarkStrategy<Event> strategy = timestamps
            ? WatermarkStrategy.<Event>forBoundedOutOfOrderness(Duration.ofMillis(300)).withTimestampAssigner((e, t) -> e.time())
            : WatermarkStrategy.noWatermarks();
        return env.fromSource(new CollectionSource<>(events), strategy, "events").returns(WindowJobs.EVENTS).setParallelism(1);
    }

    private static List<String> run(int parallelism, boolean timestamps, List<Event> events, long fireEvery,
                                    Evictor<? super Event, ? super GlobalWindow> evictor, String name) {
        StreamEnvironment env = StreamEnvironment.create().setRingSize(64).setParallelism(parallelism);
        CollectSink<String> sink = new CollectSink<>();
        events(env, events, timestamps)
            .keyBy(Event::key)
            .window(GlobalWindows.create())
            .trigger(CountTrigger.of(fireEvery))
            .evictor(evictor)
            .process(new WindowJobs.DescribeAll<>())
            .sinkTo(sink);
        assertEquals(JobStatus.FINISHED, Jobs.run(env, name + "-p" + parallelism).status());
        return sink.getResults();
    }

    /**
     * Per key, in arrival order: the window's records; every {@code fireEvery}-th record fires it with
     * what {@code before} leaves, then {@code after} removes more. The evictors' rules as plain code.
     */
    private static List<String> reference(List<Event> events, long fireEvery,
                                          java.util.function.Consumer<List<Event>> before,
                                          java.util.function.Consumer<List<Event>> after) {
        Map<String, List<Event>> windows = new HashMap<>();
        Map<String, Long> counts = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (Event event : events) {
            List<Event> window = windows.computeIfAbsent(event.key(), k -> new ArrayList<>());
            window.add(event);
            if (counts.merge(event.key(), 1L, Long::sum) % fireEvery == 0) {
                before.accept(window);
                out.add(WindowReference.Fn.PROCESS.describe(event.key(), null, window));
                after.accept(window);
            }
        }
        return out;
    }

    private static void keepNewerThan(List<Event> window, long sizeMs) {
        long newest = window.stream().mapToLong(Event::time).max().orElseThrow();
        window.removeIf(e -> e.time() <= newest - sizeMs);
    }

    private static final java.util.function.Consumer<List<Event>> NOTHING = w -> { };

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 4})
    void timeEvictorKeepsWhatIsNewerThanTheSizeBeforeTheNewestRecord(int parallelism) {
        List<Event> events = WindowReference.events(2_000, 5, 11); // out of order by up to 300 ms
        List<String> expected = reference(events, 1, w -> keepNewerThan(w, 50), NOTHING);
        assertEquals(sorted(expected), sorted(run(parallelism, true, events, 1, TimeEvictor.of(Duration.ofMillis(50)), "time")));
        // the rule bites: without it the windows would grow with every record
        assertTrue(expected.stream().mapToInt(EvictorTest::size).max().orElseThrow() < 40);
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 4})
    void timeEvictorAfterTheFunctionLetsItSeeEverythingOnce(int parallelism) {
        List<Event> events = WindowReference.events(2_000, 5, 12);
        List<String> expected = reference(events, 3, NOTHING, w -> keepNewerThan(w, 40));
        assertEquals(sorted(expected),
            sorted(run(parallelism, true, events, 3, TimeEvictor.of(Duration.ofMillis(40), true), "time-after")));
    }

    @Test
    void timeEvictorLeavesRecordsWithoutTimestamps() {
        List<Event> events = WindowReference.events(300, 3, 13);
        List<String> expected = reference(events, 1, NOTHING, NOTHING);
        assertEquals(sorted(expected), sorted(run(2, false, events, 1, TimeEvictor.of(Duration.ofMillis(1)), "time-untimed")));
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 4})
    void countEvictorBeforeAndAfter(int parallelism) {
        List<Event> events = WindowReference.events(2_000, 5, 14);
        List<String> before = reference(events, 2, w -> keepLast(w, 3), NOTHING);
        assertEquals(sorted(before), sorted(run(parallelism, true, events, 2, CountEvictor.of(3), "count")));
        List<String> after = reference(events, 2, NOTHING, w -> keepLast(w, 3));
        assertEquals(sorted(after), sorted(run(parallelism, true, events, 2, CountEvictor.of(3, true), "count-after")));
    }

    private static void keepLast(List<Event> window, int count) {
        while (window.size() > count) {
            window.remove(0);
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 4})
    void deltaEvictorDropsRecordsFarFromTheLast(int parallelism) {
        List<Event> events = WindowReference.events(2_000, 5, 15);
        List<String> expected = reference(events, 1, w -> {
            Event last = w.get(w.size() - 1);
            w.removeIf(e -> Math.abs(e.value() - last.value()) >= 30);
        }, NOTHING);
        DeltaEvictor<Event, GlobalWindow> evictor = DeltaEvictor.of(30, (Event a, Event b) -> Math.abs(a.value() - b.value()));
        assertEquals(sorted(expected), sorted(run(parallelism, true, events, 1, evictor, "delta")));
    }

    /** A custom evictor written against Flink's interface: removes odd values; sees timestamps, the clock and a metric group. */
    static final class OddValues implements Evictor<Event, GlobalWindow> {
        @Override
        public void evictBefore(Iterable<TimestampedValue<Event>> elements, int size, GlobalWindow window, EvictorContext context) {
            context.getMetricGroup().counter("evictor-calls").inc();
            assertTrue(context.getCurrentProcessingTime() > 0);
            for (Iterator<TimestampedValue<Event>> records = elements.iterator(); records.hasNext(); ) {
                TimestampedValue<Event> record = records.next();
                assertEquals(record.getValue().time(), record.getTimestamp());
                if (record.getValue().value() % 2 == 1) {
                    records.remove();
                }
            }
        }

        @Override
        public void evictAfter(Iterable<TimestampedValue<Event>> elements, int size, GlobalWindow window, EvictorContext context) {
        }
    }

    @Test
    void aCustomEvictorRemovesThroughTheIterator() {
        List<Event> events = WindowReference.events(1_000, 4, 16);
        Predicate<Event> odd = e -> e.value() % 2 == 1;
        List<String> expected = reference(events, 1, w -> w.removeIf(odd), NOTHING);
        assertEquals(sorted(expected), sorted(run(2, true, events, 1, new OddValues(), "custom")));
    }

    @Test
    void evictorsRejectWhatFlinkRejects() {
        assertThrows(IllegalArgumentException.class, () -> CountEvictor.of(0));
        assertThrows(IllegalArgumentException.class, () -> TimeEvictor.of(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> DeltaEvictor.of(1, null));
    }

    /** Per firing: key, newest record, how many records the window held after eviction, their sum. */
    static final class CountAndSum extends ProcessWindowFunction<Long, String, Long, GlobalWindow> {
        @Override
        public void process(Long key, Context context, Iterable<Long> records, Collector<String> out) {
            long count = 0;
            long sum = 0;
            long newest = Long.MIN_VALUE;
            for (long v : records) {
                count++;
                sum += v;
                newest = Math.max(newest, v);
            }
            out.collect(key + " " + newest + " " + count + " " + sum);
        }
    }

    @Test
    void timestampsOfWindowRecordsSurviveAFailover(@TempDir Path dir) throws Exception {
        io.ringflow.testing.FailOnce.reset();
        int keys = 7;
        long n = 30_000;
        long sizeMs = 70; // a key's records are 7 ms apart: each firing keeps its last 10
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(64);
        env.enableCheckpointing(10);
        env.getCheckpointConfig().storage().checkpointsDir(dir.resolve("chk"));
        env.setRestartStrategy(RestartStrategy.fixedDelay(1, Duration.ZERO));
        List<String> results = new ArrayList<>();
        try (CloseableIterator<String> out = env.fromSequence(0, n - 1).uid("numbers").setParallelism(1)
            .assignTimestampsAndWatermarks(WatermarkStrategy.<Long>forMonotonousTimestamps().withTimestampAssigner((v, t) -> v))
            .setParallelism(1)
            .map(new io.ringflow.testing.FailOnce(20_000)).uid("fail-once").setParallelism(1) // one upstream: each key's records in order
            .keyBy(v -> v % keys)
            .window(GlobalWindows.create())
            .trigger(CountTrigger.of(1))
            .evictor(TimeEvictor.of(Duration.ofMillis(sizeMs)))
            .process(new CountAndSum()).uid("windows")
            .executeAndCollect("evictor-failover")) {
            out.forEachRemaining(results::add);
        }
        assertTrue(io.ringflow.testing.FailOnce.failed(), "the failure was injected");
        List<String> expected = new ArrayList<>();
        for (long v = 0; v < n; v++) {
            long count = Math.min(10, v / keys + 1);
            long sum = 0;
            for (long i = 0; i < count; i++) {
                sum += v - i * keys;
            }
            expected.add((v % keys) + " " + v + " " + count + " " + sum);
        }
        List<String> missing = new ArrayList<>(expected);
        missing.removeAll(new java.util.HashSet<>(results));
        List<String> unexpected = new ArrayList<>(results);
        unexpected.removeAll(new java.util.HashSet<>(expected));
        assertEquals(List.of(), missing.subList(0, Math.min(5, missing.size())), missing.size() + " firings missing, "
            + unexpected.size() + " wrong, such as " + unexpected.subList(0, Math.min(5, unexpected.size())));
        assertEquals(List.of(), unexpected.subList(0, Math.min(5, unexpected.size())), unexpected.size() + " firings wrong");
        assertEquals(n, results.size(), "every firing once");
    }

    private static int size(String line) {
        String values = line.substring(line.indexOf('[') + 1, line.indexOf(']'));
        return values.isEmpty() ? 0 : values.split(",").length;
    }
}
