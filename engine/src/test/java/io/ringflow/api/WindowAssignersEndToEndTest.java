package io.ringflow.api;

import io.ringflow.api.WindowReference.Event;
import io.ringflow.api.WindowReference.Fn;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.api.window.EventTimeSessionWindows;
import io.ringflow.api.window.SlidingEventTimeWindows;
import io.ringflow.api.window.TumblingEventTimeWindows;
import io.ringflow.connector.CollectSink;
import io.ringflow.connector.CollectionSource;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.ringflow.api.WindowReference.sorted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every event-time and count assigner with every window function, at parallelism 1 and 4,
 * against {@link WindowReference}: out-of-order records, late ones within the allowed lateness
 * (re-firing their windows) and beyond it (dropped). One source subtask emits a watermark after
 * every record, so each window subtask sees the same watermark before a record as the reference.
 */
class WindowAssignersEndToEndTest {
    static final int EVENTS = 2_000;
    static final long BOUND_MS = 20;
    static final long LATENESS_MS = 50;
    static final List<Event> INPUT = WindowReference.events(EVENTS, 5, 42);

    enum Assigner { TUMBLING, SLIDING, SESSION, COUNT, SLIDING_COUNT }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (Assigner assigner : Assigner.values()) {
            for (Fn fn : Fn.values()) {
                for (int parallelism : new int[] {1, 4}) {
                    all.add(Arguments.of(assigner, fn, parallelism));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1} parallelism {2}")
    @MethodSource("cases")
    void shouldEmitWhatThePlainComputationEmits(Assigner assigner, Fn fn, int parallelism) {
        StreamEnvironment env = StreamEnvironment.create().setRingSize(64).setAutoWatermarkInterval(Duration.ZERO)
            .setParallelism(parallelism);
        KeyedStream<Event, String> keyed = env.fromSource(new CollectionSource<>(INPUT),
                WatermarkStrategy.<Event>forBoundedOutOfOrderness(Duration.ofMillis(BOUND_MS))
                    .withTimestampAssigner((event, ts) -> event.time()), "events")
            .returns(WindowJobs.EVENTS).setParallelism(1)
            .keyBy(Event::key);
        Duration lateness = Duration.ofMillis(LATENESS_MS);
        DataStream<String> results = switch (assigner) {
            case TUMBLING -> WindowJobs.apply(keyed.window(TumblingEventTimeWindows.of(Duration.ofMillis(100)))
                .allowedLateness(lateness), fn);
            case SLIDING -> WindowJobs.apply(keyed.window(SlidingEventTimeWindows.of(Duration.ofMillis(100),
                Duration.ofMillis(25))).allowedLateness(lateness), fn);
            case SESSION -> WindowJobs.apply(keyed.window(EventTimeSessionWindows.withGap(Duration.ofMillis(30)))
                .allowedLateness(lateness), fn);
            case COUNT -> WindowJobs.apply(keyed.countWindow(5), fn);
            case SLIDING_COUNT -> WindowJobs.apply(keyed.countWindow(5, 2), fn);
        };
        CollectSink<String> sink = new CollectSink<>();
        results.sinkTo(sink);

        assertEquals(JobStatus.FINISHED, Jobs.run(env, "windows-" + assigner + "-" + fn + "-p" + parallelism).status());

        WindowReference.Outcome outcome = switch (assigner) {
            case TUMBLING -> WindowReference.eventTime(INPUT, WindowReference.sliding(100, 100), 0, BOUND_MS,
                LATENESS_MS, fn, -1);
            case SLIDING -> WindowReference.eventTime(INPUT, WindowReference.sliding(100, 25), 0, BOUND_MS,
                LATENESS_MS, fn, -1);
            case SESSION -> WindowReference.eventTime(INPUT, null, 30, BOUND_MS, LATENESS_MS, fn, -1);
            case COUNT -> new WindowReference.Outcome(WindowReference.count(INPUT, 5, 5, fn), 0, 0);
            case SLIDING_COUNT -> new WindowReference.Outcome(WindowReference.count(INPUT, 5, 2, fn), 0, 0);
        };
        List<String> expected = outcome.lines();
        assertTrue(expected.size() > 100, "a test with results: " + expected.size());
        if (assigner != Assigner.COUNT && assigner != Assigner.SLIDING_COUNT) {
            assertTrue(outcome.lateFirings() > 0 && outcome.dropped() > 0,
                "late records re-fire windows and too late ones are dropped: " + outcome);
        }
        assertEquals(sorted(expected), sorted(sink.getResults()));
    }
}
