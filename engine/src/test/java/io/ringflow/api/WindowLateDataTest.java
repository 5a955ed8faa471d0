package io.ringflow.api;

import io.ringflow.api.WindowReference.Event;
import io.ringflow.api.WindowReference.Fn;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.api.window.EventTimeSessionWindows;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sideOutputLateData}: the records too late for every window (past the allowed lateness)
 * come out of the side output, as many as the plain computation drops, and the windows' results
 * stay what they are without it.
 */
class WindowLateDataTest {
    static final long BOUND_MS = 20;
    static final long LATENESS_MS = 50;
    static final List<Event> INPUT = WindowReference.events(2_000, 5, 42);
    static final OutputTag<Event> LATE = new OutputTag<>("late", Event.class);

    @ParameterizedTest(name = "{0} parallelism {1}")
    @CsvSource({"tumbling, 1", "tumbling, 4", "session, 4"})
    void shouldSendWhatIsTooLateToTheSideOutput(String assigner, int parallelism) {
        StreamEnvironment env = StreamEnvironment.create().setRingSize(64).setAutoWatermarkInterval(Duration.ZERO)
            .setParallelism(parallelism);
        KeyedStream<Event, String> keyed = env.fromSource(new CollectionSource<>(INPUT),
                WatermarkStrategy.<Event>forBoundedOutOfOrderness(Duration.ofMillis(BOUND_MS))
                    .withTimestampAssigner((event, ts) -> event.time()), "events")
            .returns(WindowJobs.EVENTS).setParallelism(1)
            .keyBy(Event::key);
        WindowedStream<Event, String, ?> windowed = assigner.equals("session")
            ? keyed.window(EventTimeSessionWindows.withGap(Duration.ofMillis(30)))
            : keyed.window(TumblingEventTimeWindows.of(Duration.ofMillis(100)));
        SingleOutputStreamOperator<Event> reduced = windowed.allowedLateness(Duration.ofMillis(LATENESS_MS))
            .sideOutputLateData(LATE)
            .reduce(WindowJobs::add);
        Collected seen = run(env, reduced, "late-data-" + assigner + "-p" + parallelism);

        WindowReference.Outcome outcome = assigner.equals("session")
            ? WindowReference.eventTime(INPUT, null, 30, BOUND_MS, LATENESS_MS, Fn.REDUCE, -1)
            : WindowReference.eventTime(INPUT, WindowReference.sliding(100, 100), 0, BOUND_MS, LATENESS_MS, Fn.REDUCE, -1);
        assertTrue(outcome.dropped() > 0, "a test with records too late: " + outcome);
        assertEquals(outcome.dropped(), seen.late().size(), "every record too late, and only those, on the side");
        assertTrue(INPUT.containsAll(seen.late()), "the late records as they came in");
        assertEquals(sorted(outcome.lines()), sorted(seen.lines()));
    }

    /** The same for {@code windowAll}, whose functions now return an operator with {@code getSideOutput}. */
    @Test
    void shouldSendWhatIsTooLateForAWindowAllToTheSideOutput() {
        List<Event> oneKey = WindowReference.events(2_000, 1, 42); // one key: the reference's windows are the stream's
        StreamEnvironment env = StreamEnvironment.create().setRingSize(64).setAutoWatermarkInterval(Duration.ZERO)
            .setParallelism(2);
        SingleOutputStreamOperator<Event> reduced = env.fromSource(new CollectionSource<>(oneKey),
                WatermarkStrategy.<Event>forBoundedOutOfOrderness(Duration.ofMillis(BOUND_MS))
                    .withTimestampAssigner((event, ts) -> event.time()), "events")
            .returns(WindowJobs.EVENTS).setParallelism(1)
            .windowAll(TumblingEventTimeWindows.of(Duration.ofMillis(100)))
            .allowedLateness(Duration.ofMillis(LATENESS_MS))
            .sideOutputLateData(LATE)
            .reduce(WindowJobs::add);
        Collected seen = run(env, reduced, "late-data-all");

        WindowReference.Outcome outcome = WindowReference.eventTime(oneKey, WindowReference.sliding(100, 100), 0, BOUND_MS,
            LATENESS_MS, Fn.REDUCE, -1);
        assertTrue(outcome.dropped() > 0, "a test with records too late: " + outcome);
        assertEquals(outcome.dropped(), seen.late().size(), "every record too late, and only those, on the side");
        assertEquals(sorted(outcome.lines()), sorted(seen.lines()));
    }

    /**
     * Flink's {@code assignTimestampsAndWatermarks} after a source: its timestamps and watermarks
     * replace the source's (whose watermarks, far in the future here, would make every record late).
     */
    @Test
    void shouldWindowByTimestampsAndWatermarksAssignedAfterTheSource() {
        StreamEnvironment env = StreamEnvironment.create().setRingSize(64).setAutoWatermarkInterval(Duration.ZERO)
            .setParallelism(4);
        SingleOutputStreamOperator<Event> reduced = env.fromSource(new CollectionSource<>(INPUT),
                WatermarkStrategy.<Event>forMonotonousTimestamps().withTimestampAssigner((event, ts) -> Long.MAX_VALUE / 2),
                "events")
            .returns(WindowJobs.EVENTS).setParallelism(1)
            .assignTimestampsAndWatermarks(WatermarkStrategy.<Event>forBoundedOutOfOrderness(Duration.ofMillis(BOUND_MS))
                .withTimestampAssigner((event, ts) -> event.time())).setParallelism(1)
            .keyBy(Event::key)
            .window(TumblingEventTimeWindows.of(Duration.ofMillis(100)))
            .allowedLateness(Duration.ofMillis(LATENESS_MS))
            .sideOutputLateData(LATE)
            .reduce(WindowJobs::add);
        Collected seen = run(env, reduced, "assigned-watermarks");

        WindowReference.Outcome outcome = WindowReference.eventTime(INPUT, WindowReference.sliding(100, 100), 0, BOUND_MS,
            LATENESS_MS, Fn.REDUCE, -1);
        assertEquals(outcome.dropped(), seen.late().size(), "late as the assigned watermarks make them, no more");
        assertEquals(sorted(outcome.lines()), sorted(seen.lines()));
    }

    private record Collected(List<String> lines, List<Event> late) {
    }

    /** Runs the job with the window's results and its late side output collected. */
    private static Collected run(StreamEnvironment env, SingleOutputStreamOperator<Event> reduced, String jobName) {
        CollectSink<String> results = new CollectSink<>();
        reduced.map(WindowJobs::line).returns(String.class).sinkTo(results);
        CollectSink<Event> late = new CollectSink<>();
        reduced.getSideOutput(LATE).sinkTo(late);
        assertEquals(JobStatus.FINISHED, Jobs.run(env, jobName).status());
        return new Collected(results.getResults(), late.getResults());
    }
}
