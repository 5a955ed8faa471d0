package io.ringflow.api;

import io.ringflow.api.WindowReference.Event;
import io.ringflow.api.WindowReference.Fn;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.api.window.ContinuousEventTimeTrigger;
import io.ringflow.api.window.CountTrigger;
import io.ringflow.api.window.EventTimeSessionWindows;
import io.ringflow.api.window.PurgingTrigger;
import io.ringflow.api.window.TimeWindow;
import io.ringflow.api.window.Trigger;
import io.ringflow.api.window.TriggerResult;
import io.ringflow.api.OutputTag;
import io.ringflow.api.window.TumblingEventTimeWindows;
import io.ringflow.api.window.WindowAssigner;
import io.ringflow.connector.CollectSink;
import io.ringflow.connector.CollectionSource;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.ringflow.api.WindowReference.sorted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Triggers set with {@code .trigger(...)}, and {@code windowAll} over a whole stream. */
class WindowTriggersTest {
    private static List<String> run(List<Event> events, long boundMs, WindowAssigner<TimeWindow> assigner,
                                    Trigger<Object, TimeWindow> trigger) {
        StreamEnvironment env = StreamEnvironment.create().setRingSize(16).setAutoWatermarkInterval(Duration.ZERO);
        CollectSink<String> sink = new CollectSink<>();
        env.fromSource(new CollectionSource<>(events), watermarks(boundMs), "events").returns(WindowJobs.EVENTS)
            .keyBy(Event::key)
            .window(assigner)
            .trigger(trigger)
            .aggregate(new WindowJobs.SumAggregate(), new WindowJobs.DescribeResult<>())
            .sinkTo(sink);
        assertEquals(JobStatus.FINISHED, Jobs.run(env, "triggers").status());
        return sink.getResults();
    }

    private static WatermarkStrategy<Event> watermarks(long boundMs) {
        return WatermarkStrategy.<Event>forBoundedOutOfOrderness(Duration.ofMillis(boundMs))
            .withTimestampAssigner((event, ts) -> event.time());
    }

    private static Event a(long time) {
        return new Event("a", time, 1);
    }

    @Test
    void shouldFireEveryIntervalOfEventTimeAndAtTheWindowEnd() {
        List<String> results = run(List.of(a(10), a(30), a(55), a(120)), 0,
            TumblingEventTimeWindows.of(Duration.ofMillis(100)), ContinuousEventTimeTrigger.of(Duration.ofMillis(25)));
        // [0,100) at watermarks 25, 50, 75 and at its end; [100,200) by the final watermark at 125, 150, 175, 199
        assertEquals(List.of("0-100 a 2/2", "0-100 a 3/3", "0-100 a 3/3", "0-100 a 3/3",
            "100-200 a 1/1", "100-200 a 1/1", "100-200 a 1/1", "100-200 a 1/1"), results);
    }

    /**
     * As in Flink, a trigger sees only the timers it registered for its own window: before, every
     * timer of the key went to every window of the key, so a trigger that fires on "its" early
     * timer fired overlapping windows early too, and a deleted timer fired all the same.
     */
    @Test
    void shouldGiveATriggerOnlyTheTimersItsWindowRegistered() {
        List<String> results = run(List.of(a(10), a(60)), 0,
            io.ringflow.api.window.SlidingEventTimeWindows.of(Duration.ofMillis(100), Duration.ofMillis(50)), new EarlyAt30());
        // watermark 9: [-50,50) early (timer -20); watermark 59: [0,100) early (30), [-50,50) final (49);
        // the end: [50,150) early (80), [0,100) final (99), [50,150) final (149)
        assertEquals(List.of("-50-50 a 1/1", "0-100 a 2/2", "-50-50 a 1/1", "50-150 a 1/1", "0-100 a 2/2", "50-150 a 1/1"),
            results);
    }

    @Test
    void shouldNotFireATimerTheTriggerDeleted() {
        List<Event> events = List.of(a(10), new Event("a", 20, EarlyAt30.CANCEL_EARLY), a(150));
        List<String> results = run(events, 0, TumblingEventTimeWindows.of(Duration.ofMillis(100)), new EarlyAt30());
        // [0,100): its early timer deleted by the second record, so only the final firing; [100,200): early and final
        assertEquals(List.of("0-100 a 2/" + (1 + EarlyAt30.CANCEL_EARLY), "100-200 a 1/1", "100-200 a 1/1"), results);
    }

    /** Flink's {@code ProcessWindowFunction.Context.output}: a side output from a firing window, at its last timestamp. */
    @Test
    void shouldEmitToASideOutputFromAWindowFunction() {
        OutputTag<String> sizes = new OutputTag<>("sizes", String.class);
        StreamEnvironment env = StreamEnvironment.create().setRingSize(16).setAutoWatermarkInterval(Duration.ZERO);
        SingleOutputStreamOperator<Long> sums = env.fromSource(new CollectionSource<>(List.of(a(10), a(20), a(150))),
                watermarks(0), "events").returns(WindowJobs.EVENTS)
            .keyBy(Event::key)
            .window(TumblingEventTimeWindows.of(Duration.ofMillis(100)))
            .process(new io.ringflow.api.functions.ProcessWindowFunction<Event, Long, String, TimeWindow>() {
                @Override
                public void process(String key, Context ctx, Iterable<Event> events,
                                    io.ringflow.api.functions.Collector<Long> out) {
                    long count = 0;
                    for (Event ignored : events) {
                        count++;
                    }
                    out.collect(count);
                    ctx.output(sizes, ctx.window().start() + ":" + count);
                }
            });
        CollectSink<Long> main = new CollectSink<>();
        sums.sinkTo(main);
        CollectSink<String> side = new CollectSink<>();
        sums.getSideOutput(sizes).sinkTo(side);
        assertEquals(JobStatus.FINISHED, Jobs.run(env, "window-side-output").status());
        assertEquals(List.of(2L, 1L), main.getResults());
        assertEquals(List.of("0:2", "100:1"), side.getResults());
    }

    /** Fires 30 ms into its window, without looking at the time (its own timer, by Flink's contract), and at the end. */
    static final class EarlyAt30 extends Trigger<Object, TimeWindow> {
        private static final long serialVersionUID = 1L;
        static final long CANCEL_EARLY = 7;

        @Override
        public TriggerResult onElement(Object element, long timestamp, TimeWindow window, TriggerContext ctx) {
            ctx.registerEventTimeTimer(window.maxTimestamp());
            if (((Event) element).value() == CANCEL_EARLY) {
                ctx.deleteEventTimeTimer(window.getStart() + 30);
            } else {
                ctx.registerEventTimeTimer(window.getStart() + 30);
            }
            return TriggerResult.CONTINUE;
        }

        @Override
        public TriggerResult onProcessingTime(long time, TimeWindow window, TriggerContext ctx) {
            return TriggerResult.CONTINUE;
        }

        @Override
        public TriggerResult onEventTime(long time, TimeWindow window, TriggerContext ctx) {
            return time == window.maxTimestamp() ? TriggerResult.FIRE_AND_PURGE : TriggerResult.FIRE;
        }

        @Override
        public void clear(TimeWindow window, TriggerContext ctx) {
            ctx.deleteEventTimeTimer(window.getStart() + 30);
            ctx.deleteEventTimeTimer(window.maxTimestamp());
        }
    }

    @Test
    void shouldFireEveryCountOfRecordsAndNeverByTime() {
        List<Event> events = List.of(a(10), a(20), a(30), a(110), a(120), a(130), a(140));
        TumblingEventTimeWindows tumbling = TumblingEventTimeWindows.of(Duration.ofMillis(100));
        assertEquals(List.of("0-100 a 2/2", "100-200 a 2/2", "100-200 a 4/4"),
            run(events, 0, tumbling, CountTrigger.of(2)));
        assertEquals(List.of("0-100 a 2/2", "100-200 a 2/2", "100-200 a 2/2"),
            run(events, 0, tumbling, PurgingTrigger.of(CountTrigger.of(2))), "purging: each result counts only new records");
    }

    @Test
    void shouldMergeTheCountsOfMergedSessions() {
        // [10,40) and [50,80) hold one record each; 35 joins them into [10,80) with a count of 3
        List<String> results = run(List.of(a(10), a(50), a(35)), 1_000,
            EventTimeSessionWindows.withGap(Duration.ofMillis(30)), CountTrigger.of(3));
        assertEquals(List.of("10-80 a 3/3"), results);
    }

    @Test
    void shouldRefuseATriggerThatCannotMergeOnSessions() {
        Trigger<Object, TimeWindow> cannotMerge = new WindowJobs.Counting<>(CountTrigger.of(2)) {
            @Override
            public boolean canMerge() {
                return false;
            }
        };
        StreamEnvironment env = StreamEnvironment.create();
        WindowedStream<Event, String, TimeWindow> sessions = env.fromSource(new CollectionSource<>(List.of(a(1))),
                watermarks(0), "events").returns(WindowJobs.EVENTS)
            .keyBy(Event::key).window(EventTimeSessionWindows.withGap(Duration.ofMillis(30)));
        InvalidJobException refused = assertThrows(InvalidJobException.class, () -> sessions.trigger(cannotMerge));
        assertTrue(refused.getMessage().contains("can merge"), refused.getMessage());
    }

    @Test
    void shouldWindowTheWholeStreamInOneSubtask() {
        List<Event> events = WindowReference.events(800, 1, 5);
        StreamEnvironment env = StreamEnvironment.create().setRingSize(64).setAutoWatermarkInterval(Duration.ZERO)
            .setParallelism(4);
        DataStream<Event> input = env.fromSource(new CollectionSource<>(events), watermarks(20), "events")
            .returns(WindowJobs.EVENTS).setParallelism(1);
        CollectSink<String> tumbling = new CollectSink<>();
        CollectSink<String> reduced = new CollectSink<>();
        CollectSink<String> counted = new CollectSink<>();
        input.windowAll(TumblingEventTimeWindows.of(Duration.ofMillis(100))).allowedLateness(Duration.ofMillis(50))
            .process(new WindowJobs.DescribeAllOfStream<>()).sinkTo(tumbling).setParallelism(1);
        input.windowAll(TumblingEventTimeWindows.of(Duration.ofMillis(100))).allowedLateness(Duration.ofMillis(50))
            .reduce(WindowJobs::add).map(WindowJobs::line).setParallelism(1).sinkTo(reduced).setParallelism(1);
        input.countWindowAll(5, 2).aggregate(new WindowJobs.SumAggregate()).sinkTo(counted).setParallelism(1);

        assertEquals(JobStatus.FINISHED, Jobs.run(env, "window-all").status());

        assertEquals(sorted(WindowReference.eventTime(events, WindowReference.sliding(100, 100), 0, 20, 50, Fn.PROCESS, -1)
            .lines()), sorted(tumbling.getResults()));
        assertEquals(sorted(WindowReference.eventTime(events, WindowReference.sliding(100, 100), 0, 20, 50, Fn.REDUCE, -1)
            .lines()), sorted(reduced.getResults()));
        assertEquals(WindowReference.count(events, 5, 2, Fn.AGGREGATE), counted.getResults(), "in arrival order");
    }
}
