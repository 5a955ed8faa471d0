package io.ringflow.api;

import io.ringflow.api.WindowReference.Event;
import io.ringflow.api.WindowReference.Fn;
import io.ringflow.api.functions.AllWindowFunction;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.WindowFunction;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.api.window.GlobalWindows;
import io.ringflow.api.window.SlidingEventTimeWindows;
import io.ringflow.api.window.TimeWindow;
import io.ringflow.api.window.TumblingEventTimeWindows;
import io.ringflow.connector.CollectSink;
import io.ringflow.connector.CollectionSource;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;

import static io.ringflow.api.WindowReference.sorted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Flink's legacy {@code apply(WindowFunction)} and {@code windowAll(...).apply(AllWindowFunction)}:
 * each fired window's records, on out-of-order input with late records, against the plain computation.
 */
class WindowApplyTest {
    private static final long BOUND_MS = 20;
    private static final long LATENESS_MS = 50;

    static final class Describe implements WindowFunction<Event, String, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public void apply(String key, TimeWindow window, Iterable<Event> input, Collector<String> out) {
            out.collect(WindowJobs.values(key, window, input));
        }
    }

    static final class DescribeAll implements AllWindowFunction<Event, String, TimeWindow> {
        private static final long serialVersionUID = 1L;

        @Override
        public void apply(TimeWindow window, Iterable<Event> values, Collector<String> out) {
            out.collect(WindowJobs.values(values.iterator().next().key(), window, values));
        }
    }

    @ParameterizedTest(name = "size {0} slide {1} parallelism {2}")
    @CsvSource({"100, 100, 1", "100, 100, 4", "100, 40, 4"})
    void shouldApplyTheFunctionToEveryRecordOfEachWindow(long size, long slide, int parallelism) {
        List<Event> events = WindowReference.events(1_500, 6, 11);
        StreamEnvironment env = environment(parallelism);
        CollectSink<String> sink = new CollectSink<>();
        input(env, events).keyBy(Event::key)
            .window(SlidingEventTimeWindows.of(Duration.ofMillis(size), Duration.ofMillis(slide)))
            .allowedLateness(Duration.ofMillis(LATENESS_MS))
            .apply(new Describe())
            .sinkTo(sink);

        assertEquals(JobStatus.FINISHED, Jobs.run(env, "apply-p" + parallelism).status());

        WindowReference.Outcome outcome = WindowReference.eventTime(events, WindowReference.sliding(size, slide), 0, BOUND_MS,
            LATENESS_MS, Fn.PROCESS, -1);
        assertTrue(outcome.lateFirings() > 0 && outcome.dropped() > 0, "late firings and dropped records: " + outcome);
        assertEquals(sorted(outcome.lines()), sorted(sink.getResults()));
    }

    @Test
    void shouldApplyAnAllWindowFunctionToTheWholeStream() {
        List<Event> events = WindowReference.events(800, 1, 5); // one key: the reference's windows are the stream's
        StreamEnvironment env = environment(4);
        CollectSink<String> sink = new CollectSink<>();
        input(env, events).windowAll(TumblingEventTimeWindows.of(Duration.ofMillis(100)))
            .allowedLateness(Duration.ofMillis(LATENESS_MS))
            .apply(new DescribeAll())
            .sinkTo(sink).setParallelism(1);

        assertEquals(JobStatus.FINISHED, Jobs.run(env, "apply-all").status());

        assertEquals(sorted(WindowReference.eventTime(events, WindowReference.sliding(100, 100), 0, BOUND_MS, LATENESS_MS,
            Fn.PROCESS, -1).lines()), sorted(sink.getResults()));
    }

    /** Flink: "The parallelism of non parallel operator must be 1"; before, the window ran at 3 with two idle subtasks. */
    @Test
    void shouldRefuseAnotherParallelismForAWindowAllOperator() {
        StreamEnvironment env = environment(4);
        DataStream<String> all = input(env, List.of(new Event("a", 1, 1)))
            .windowAll(TumblingEventTimeWindows.of(Duration.ofMillis(100))).apply(new DescribeAll());
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> all.setParallelism(3));
        assertTrue(refused.getMessage().contains("must be 1") && refused.getMessage().contains("keyBy(...).window(...)"),
            refused.getMessage());
        all.setParallelism(1);
    }

    @Test
    void shouldRefuseAWindowFunctionOnGlobalWindows() {
        StreamEnvironment env = environment(1);
        WindowedStream<Event, String, ?> global = input(env, List.of(new Event("a", 1, 1))).keyBy(Event::key)
            .window(GlobalWindows.create());
        InvalidJobException refused = assertThrows(InvalidJobException.class, () -> global.apply(new Describe()));
        assertTrue(refused.getMessage().contains("use a ProcessWindowFunction"), refused.getMessage());
    }

    private static StreamEnvironment environment(int parallelism) {
        return StreamEnvironment.create().setRingSize(64).setAutoWatermarkInterval(Duration.ZERO).setParallelism(parallelism);
    }

    private static DataStream<Event> input(StreamEnvironment env, List<Event> events) {
        return env.fromSource(new CollectionSource<>(events), WatermarkStrategy.<Event>forBoundedOutOfOrderness(
                Duration.ofMillis(BOUND_MS)).withTimestampAssigner((event, ts) -> event.time()), "events")
            .returns(WindowJobs.EVENTS).setParallelism(1);
    }
}
