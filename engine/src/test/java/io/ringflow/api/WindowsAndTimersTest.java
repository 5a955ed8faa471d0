package io.ringflow.api;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.AggregateFunction;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.KeyedProcessFunction;
import io.ringflow.api.functions.ProcessFunction;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.api.window.TimeWindow;
import io.ringflow.api.window.TumblingEventTimeWindows;
import io.ringflow.api.window.TumblingProcessingTimeWindows;
import io.ringflow.connector.CollectSink;
import io.ringflow.connector.CollectionSource;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.testing.Eventually;
import io.ringflow.testing.Jobs;
import io.ringflow.testing.ManualClock;
import io.ringflow.testing.QueueSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Event-time and processing-time windows and timers. Watermarks follow every record
 * ({@code setAutoWatermarkInterval(ZERO)}) and processing time is a manual clock, so every
 * firing is determined by the input, never by the machine's speed.
 */
class WindowsAndTimersTest {
    /** Records the window operators have added to an accumulator, to know a record has arrived. */
    private static final AtomicInteger ADDS = new AtomicInteger();

    private static final int REGISTER = 0;
    private static final int DELETE = 1;

    private record Event(String key, long time, int action) {
        Event(String key, long time) {
            this(key, time, REGISTER);
        }
    }

    private static final Codec<Event> EVENTS = Codecs.forClass(Event.class);

    /** Counts a window's records and sums their times: "count/sum". */
    private static final class CountAndSum implements AggregateFunction<Event, long[], String> {
        private static final long serialVersionUID = 1L;

        @Override
        public long[] createAccumulator() {
            return new long[2];
        }

        @Override
        public long[] add(Event value, long[] accumulator) {
            ADDS.incrementAndGet();
            return new long[] {accumulator[0] + 1, accumulator[1] + value.time()};
        }

        @Override
        public String getResult(long[] accumulator) {
            return accumulator[0] + "/" + accumulator[1];
        }

        @Override
        public long[] merge(long[] a, long[] b) {
            return new long[] {a[0] + b[0], a[1] + b[1]};
        }
    }

    private static void describe(String key, TimeWindow window, Iterable<String> results, Collector<String> out) {
        out.collect(key + " " + window.start() + "-" + window.end() + " " + results.iterator().next());
    }

    private static WatermarkStrategy<Event> outOfOrder(long boundMs) {
        return WatermarkStrategy.<Event>forBoundedOutOfOrderness(Duration.ofMillis(boundMs))
            .withTimestampAssigner((event, timestamp) -> event.time());
    }

    private static StreamEnvironment eventTimeEnv() {
        return StreamEnvironment.create().setRingSize(16).setAutoWatermarkInterval(Duration.ZERO);
    }

    @BeforeEach
    void resetCounters() {
        ADDS.set(0);
    }

    @Test
    void shouldCountOutOfOrderEventsWithinTheBoundAndDropLateOnes() {
        StreamEnvironment env = eventTimeEnv();
        List<Event> events = List.of(
            new Event("a", 10), new Event("a", 120),
            new Event("a", 60),   // out of order, watermark 69 < 99: still in [0,100)
            new Event("b", 30),
            new Event("a", 170),  // watermark 119 fires [0,100)
            new Event("a", 80),   // late: [0,100) has fired and has no allowed lateness
            new Event("a", 250),  // watermark 199 fires [100,200)
            new Event("b", 260)); // [200,300) fires only at the final watermark of the bounded input
        CollectSink<String> sink = new CollectSink<>();
        env.fromSource(new CollectionSource<>(events), outOfOrder(50), "events").returns(EVENTS)
            .keyBy(Event::key)
            .window(TumblingEventTimeWindows.of(Duration.ofMillis(100)))
            .aggregate(new CountAndSum(), WindowsAndTimersTest::describe)
            .sinkTo(sink);

        assertEquals(JobStatus.FINISHED, Jobs.run(env, "event-time-windows").status());

        List<String> results = sink.getResults();
        assertEquals(Set.of("a 0-100 2/70", "b 0-100 1/30"), Set.copyOf(results.subList(0, 2)));
        assertEquals(List.of("a 100-200 2/290"), results.subList(2, 3));
        assertEquals(Set.of("a 200-300 1/250", "b 200-300 1/260"), Set.copyOf(results.subList(3, 5)));
        assertEquals(5, results.size());
        assertEquals(events.size() - 1, ADDS.get(), "the late event was never added");
    }

    @Test
    void shouldRefireAWindowForALateRecordWithinAllowedLateness() {
        StreamEnvironment env = eventTimeEnv();
        List<Event> events = List.of(
            new Event("a", 10), new Event("a", 20),
            new Event("a", 105),  // watermark 104 fires [0,100): 2
            new Event("a", 30),   // late, within 50 ms lateness: re-fires [0,100): 3
            new Event("a", 160),  // watermark 159 passes 99 + 50: [0,100) is gone
            new Event("a", 40));  // beyond the lateness: dropped
        CollectSink<String> sink = new CollectSink<>();
        env.fromSource(new CollectionSource<>(events), outOfOrder(0), "events").returns(EVENTS)
            .keyBy(Event::key)
            .window(TumblingEventTimeWindows.of(Duration.ofMillis(100)))
            .allowedLateness(Duration.ofMillis(50))
            .aggregate(new CountAndSum(), WindowsAndTimersTest::describe)
            .sinkTo(sink);

        assertEquals(JobStatus.FINISHED, Jobs.run(env, "allowed-lateness").status());

        assertEquals(List.of("a 0-100 2/30", "a 0-100 3/60", "a 100-200 2/265"), sink.getResults());
    }

    @Test
    void shouldFailAnEventTimeWindowOnRecordsWithoutTimestamps() {
        StreamEnvironment env = eventTimeEnv();
        env.fromCollection(List.of(new Event("a", 1)))
            .keyBy(Event::key)
            .window(TumblingEventTimeWindows.of(Duration.ofMillis(100)))
            .aggregate(new CountAndSum(), WindowsAndTimersTest::describe)
            .sinkTo(new CollectSink<>());
        JobClient job = env.executeAsync("no-timestamps");
        try {
            JobExecutionException failed = assertThrows(JobExecutionException.class, () -> job.await(Jobs.TIMEOUT));
            assertInstanceOf(IllegalStateException.class, failed.getCause());
            assertTrue(failed.getCause().getMessage().contains("WatermarkStrategy with a timestamp assigner"),
                failed.getCause().getMessage());
        } finally {
            Jobs.stop(job);
        }
    }

    @Test
    void shouldHoldWindowsUntilEverySourceSubtaskHasPassedThem() {
        StreamEnvironment env = eventTimeEnv();
        QueueSource<Event> source = new QueueSource<>(2, EVENTS);
        CollectSink<String> sink = new CollectSink<>();
        env.fromSource(source, outOfOrder(0), "events").setParallelism(2)
            .keyBy(Event::key)
            .window(TumblingEventTimeWindows.of(Duration.ofMillis(100)))
            .aggregate(new CountAndSum(), WindowsAndTimersTest::describe).setParallelism(1)
            .sinkTo(sink).setParallelism(1);
        JobClient job = env.executeAsync("aligned-watermarks");
        try {
            source.offer(0, new Event("a", 10), new Event("a", 150));
            source.offer(1, new Event("a", 20), new Event("a", 50));
            Eventually.await("4 records in windows", () -> ADDS.get() == 4);
            source.offer(1, new Event("a", 120));
            Eventually.await("[0,100) fired once subtask 1 passed it", () -> sink.getResults().size() == 1,
                sink::getResults);
            assertEquals(List.of("a 0-100 3/80"), sink.getResults());
            source.endAll();
            job.await(Jobs.TIMEOUT);
        } finally {
            Jobs.stop(job);
        }
        assertEquals(List.of("a 0-100 3/80", "a 100-200 2/270"), sink.getResults());
    }

    @Test
    void shouldLetTheWatermarkAdvanceWhenOneSourceSubtaskIsIdle() {
        ManualClock clock = new ManualClock(0);
        StreamEnvironment env = eventTimeEnv().setClock(clock);
        QueueSource<Event> source = new QueueSource<>(2, EVENTS);
        CollectSink<String> sink = new CollectSink<>();
        env.fromSource(source, outOfOrder(0).withIdleness(Duration.ofSeconds(1)), "events").setParallelism(2)
            .keyBy(Event::key)
            .window(TumblingEventTimeWindows.of(Duration.ofMillis(100)))
            .aggregate(new CountAndSum(), WindowsAndTimersTest::describe).setParallelism(1)
            .sinkTo(sink).setParallelism(1);
        JobClient job = env.executeAsync("idleness");
        try {
            // a subtask opened after the clock moved would count its idleness from 1,000 and never go idle
            Eventually.await("both source subtasks polling", () -> source.readersPolling() == 2);
            source.offer(0, new Event("a", 10), new Event("a", 20), new Event("a", 150));
            Eventually.await("3 records in windows", () -> ADDS.get() == 3);
            assertEquals(List.of(), sink.getResults(), "subtask 1 holds the watermark back while it is active");

            clock.set(1_000); // subtask 1 has emitted nothing for the idle timeout; subtask 0 emitted since its last tick
            Eventually.await("[0,100) fired with subtask 1 idle", () -> sink.getResults().size() == 1, sink::getResults);
            assertEquals(List.of("a 0-100 2/30"), sink.getResults());

            source.endAll();
            job.await(Jobs.TIMEOUT);
        } finally {
            Jobs.stop(job);
        }
        assertEquals(List.of("a 0-100 2/30", "a 100-200 1/150"), sink.getResults());
    }

    @Test
    void shouldFireProcessingTimeWindowsByTheClock() {
        ManualClock clock = new ManualClock(1_000);
        StreamEnvironment env = StreamEnvironment.create().setRingSize(16).setClock(clock);
        QueueSource<Event> source = new QueueSource<>(1, EVENTS);
        CollectSink<String> sink = new CollectSink<>();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "events")
            .keyBy(Event::key)
            .window(TumblingProcessingTimeWindows.of(Duration.ofMillis(100)))
            .aggregate(new CountAndSum(), WindowsAndTimersTest::describe)
            .sinkTo(sink);
        JobClient job = env.executeAsync("processing-time-windows");
        try {
            source.offer(0, new Event("a", 1), new Event("a", 2), new Event("b", 3));
            Eventually.await("3 records in windows", () -> ADDS.get() == 3);
            clock.set(1_098);
            source.offer(0, new Event("a", 4));
            Eventually.await("4 records in windows", () -> ADDS.get() == 4);
            assertEquals(List.of(), sink.getResults(), "[1000,1100) has not reached its last millisecond");

            clock.set(1_099);
            Eventually.await("[1000,1100) fired", () -> sink.getResults().size() == 2, sink::getResults);
            assertEquals(Set.of("a 1000-1100 3/7", "b 1000-1100 1/3"), Set.copyOf(sink.getResults()));

            clock.set(1_150);
            source.offer(0, new Event("a", 5));
            Eventually.await("5 records in windows", () -> ADDS.get() == 5);
            clock.set(1_250);
            Eventually.await("[1100,1200) fired", () -> sink.getResults().size() == 3, sink::getResults);
            assertEquals("a 1100-1200 1/5", sink.getResults().get(2));
            source.endAll();
            job.await(Jobs.TIMEOUT);
        } finally {
            Jobs.stop(job);
        }
        assertEquals(3, sink.getResults().size());
    }

    /** Registers a timer 10 ms (event time) or 100 ms (processing time) after each record, or deletes one. */
    private static final class Timers extends KeyedProcessFunction<String, Event, String> {
        private static final long serialVersionUID = 1L;
        private final boolean eventTime;

        Timers(boolean eventTime) {
            this.eventTime = eventTime;
        }

        @Override
        public void processElement(Event value, Context ctx, Collector<String> out) {
            long at;
            if (eventTime) {
                at = value.time() + 10;
                if (value.action() == DELETE) {
                    ctx.timerService().deleteEventTimeTimer(at);
                } else {
                    ctx.timerService().registerEventTimeTimer(at);
                }
            } else {
                at = value.action() == DELETE ? value.time() : ctx.timerService().currentProcessingTime() + 100;
                if (value.action() == DELETE) {
                    ctx.timerService().deleteProcessingTimeTimer(at);
                } else {
                    ctx.timerService().registerProcessingTimeTimer(at);
                }
            }
            out.collect((value.action() == DELETE ? "delete " : "register ") + ctx.getCurrentKey() + "@" + at
                + (eventTime ? " ts=" + ctx.timestamp() + " wm=" + ctx.timerService().currentWatermark() : ""));
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
            out.collect("fire " + ctx.getCurrentKey() + "@" + timestamp + " " + ctx.timeDomain()
                + (eventTime ? " ts=" + ctx.timestamp() + " wm=" + ctx.timerService().currentWatermark() : ""));
        }
    }

    @Test
    void shouldFireEventTimeTimersInOrderWithTheirKeyAndWatermark() {
        StreamEnvironment env = eventTimeEnv();
        List<Event> events = List.of(
            new Event("a", 1), new Event("b", 2), new Event("a", 5),
            new Event("a", 5),            // the same timer again: fires once
            new Event("c", 6),
            new Event("c", 6, DELETE),    // deletes c@16
            new Event("a", 20));          // watermark 19 fires a@11, b@12, a@15
        CollectSink<String> sink = new CollectSink<>();
        env.fromSource(new CollectionSource<>(events), outOfOrder(0), "events").returns(EVENTS)
            .keyBy(Event::key)
            .process(new Timers(true))
            .sinkTo(sink);

        assertEquals(JobStatus.FINISHED, Jobs.run(env, "event-time-timers").status());

        long end = Long.MAX_VALUE;
        assertEquals(List.of(
            "register a@11 ts=1 wm=" + Long.MIN_VALUE,
            "register b@12 ts=2 wm=0",
            "register a@15 ts=5 wm=1",
            "register a@15 ts=5 wm=4",
            "register c@16 ts=6 wm=4",
            "delete c@16 ts=6 wm=5",
            "register a@30 ts=20 wm=5",
            "fire a@11 EVENT_TIME ts=11 wm=19",
            "fire b@12 EVENT_TIME ts=12 wm=19",
            "fire a@15 EVENT_TIME ts=15 wm=19",
            "fire a@30 EVENT_TIME ts=30 wm=" + end), sink.getResults());
    }

    @Test
    void shouldFireProcessingTimeTimersByTheClock() {
        ManualClock clock = new ManualClock(0);
        StreamEnvironment env = StreamEnvironment.create().setRingSize(16).setClock(clock);
        QueueSource<Event> source = new QueueSource<>(1, EVENTS);
        CollectSink<String> sink = new CollectSink<>();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "events")
            .keyBy(Event::key)
            .process(new Timers(false))
            .sinkTo(sink);
        JobClient job = env.executeAsync("processing-time-timers");
        try {
            source.offer(0, new Event("a", 0));
            Eventually.await("a registered", () -> sink.getResults().size() == 1, sink::getResults);
            clock.set(50);
            source.offer(0, new Event("b", 0), new Event("c", 0), new Event("c", 150, DELETE));
            Eventually.await("b and c registered, c deleted", () -> sink.getResults().size() == 4, sink::getResults);
            clock.set(120);
            Eventually.await("a fired", () -> sink.getResults().size() == 5, sink::getResults);
            clock.set(1_000);
            Eventually.await("b fired", () -> sink.getResults().size() == 6, sink::getResults);
            source.endAll();
            job.await(Jobs.TIMEOUT);
        } finally {
            Jobs.stop(job);
        }
        assertEquals(List.of("register a@100", "register b@150", "register c@150", "delete c@150",
            "fire a@100 PROCESSING_TIME", "fire b@150 PROCESSING_TIME"), sink.getResults());
    }

    @Test
    void shouldEmitPeriodicWatermarksByTheClock() {
        ManualClock clock = new ManualClock(0);
        StreamEnvironment env = StreamEnvironment.create().setRingSize(16).setClock(clock)
            .setAutoWatermarkInterval(Duration.ofMillis(200));
        QueueSource<Event> source = new QueueSource<>(1, EVENTS);
        CollectSink<String> sink = new CollectSink<>();
        env.fromSource(source, outOfOrder(0), "events")
            .keyBy(Event::key)
            .window(TumblingEventTimeWindows.of(Duration.ofMillis(100)))
            .aggregate(new CountAndSum(), WindowsAndTimersTest::describe)
            .sinkTo(sink);
        JobClient job = env.executeAsync("periodic-watermarks");
        try {
            source.offer(0, new Event("a", 10), new Event("a", 150));
            Eventually.await("2 records in windows", () -> ADDS.get() == 2);
            assertEquals(List.of(), sink.getResults(), "no watermark before the first interval");
            clock.set(200);
            Eventually.await("[0,100) fired by the periodic watermark 149", () -> sink.getResults().size() == 1,
                sink::getResults);
            assertEquals(List.of("a 0-100 1/10"), sink.getResults());
            source.endAll();
            job.await(Jobs.TIMEOUT);
        } finally {
            Jobs.stop(job);
        }
        assertEquals(List.of("a 0-100 1/10", "a 100-200 1/150"), sink.getResults());
    }

    /** Emits each record's timestamp and the watermark it saw. */
    private static final class Stamps extends ProcessFunction<Event, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processElement(Event value, Context ctx, Collector<String> out) {
            out.collect(value.time() + " ts=" + ctx.timestamp() + " wm=" + ctx.currentWatermark());
        }
    }

    @Test
    void shouldShowARecordsTimestampAndTheWatermarkToAProcessFunction() {
        StreamEnvironment env = eventTimeEnv().setParallelism(2);
        List<Event> events = List.of(new Event("a", 5), new Event("b", 9), new Event("c", 7));
        CollectSink<String> sink = new CollectSink<>();
        env.fromSource(new CollectionSource<>(events), outOfOrder(2), "events").returns(EVENTS).setParallelism(1)
            .rebalance()
            .process(new Stamps()).setParallelism(1)
            .sinkTo(sink).setParallelism(1);

        assertEquals(JobStatus.FINISHED, Jobs.run(env, "timestamps").status());

        assertEquals(List.of("5 ts=5 wm=" + Long.MIN_VALUE, "9 ts=9 wm=2", "7 ts=7 wm=6"), sink.getResults());
    }

    /** Counts a window's numbers. */
    private static final class CountNumbers implements AggregateFunction<Long, Long, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public Long createAccumulator() {
            return 0L;
        }

        @Override
        public Long add(Long value, Long accumulator) {
            return accumulator + 1;
        }

        @Override
        public Long getResult(Long accumulator) {
            return accumulator;
        }

        @Override
        public Long merge(Long a, Long b) {
            return a + b;
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 4})
    void shouldCountEveryKeyAndWindowAsAPlainComputationDoes(int parallelism) {
        long count = 5_000;
        StreamEnvironment env = eventTimeEnv().setParallelism(parallelism);
        CollectSink<String> sink = new CollectSink<>();
        env.fromSource(GeneratorSource.bounded(count, n -> n),
                WatermarkStrategy.<Long>forBoundedOutOfOrderness(Duration.ofMillis(5)).withTimestampAssigner((n, ts) -> n),
                "numbers")
            .keyBy(n -> n % 7)
            .window(TumblingEventTimeWindows.of(Duration.ofMillis(250)))
            .aggregate(new CountNumbers(), (Long key, TimeWindow window, Iterable<Long> counts, Collector<String> out) ->
                out.collect(key + "@" + window.start() + "=" + counts.iterator().next()))
            .sinkTo(sink);

        assertEquals(JobStatus.FINISHED, Jobs.run(env, "windows-p" + parallelism).status());

        Map<String, Long> expected = LongStream.range(0, count).boxed()
            .collect(Collectors.groupingBy(n -> (n % 7) + "@" + (n / 250 * 250),
                Collectors.counting()));
        List<String> lines = expected.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList();
        List<String> results = new ArrayList<>(sink.getResults());
        results.sort(null);
        assertEquals(lines, results, "each (key, window) fired once with every record: none late, none lost");
    }
}
