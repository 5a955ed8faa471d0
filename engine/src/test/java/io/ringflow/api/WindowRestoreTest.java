package io.ringflow.api;

import io.ringflow.api.WindowReference.Event;
import io.ringflow.api.WindowReference.Fn;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.api.window.EventTimeSessionWindows;
import io.ringflow.api.window.SlidingEventTimeWindows;
import io.ringflow.api.window.TimeWindow;
import io.ringflow.api.window.WindowAssigner;
import io.ringflow.connector.CollectSink;
import io.ringflow.testing.Eventually;
import io.ringflow.testing.Jobs;
import io.ringflow.testing.QueueSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.ringflow.api.WindowReference.sorted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Window state (contents, per-window trigger state, timers, merged sessions) is keyed state: a
 * job stopped with a savepoint halfway and restored at another parallelism emits, together with
 * the first job, exactly what one uninterrupted run would (the watermark restarts, as in Flink).
 */
class WindowRestoreTest {
    static final int EVENTS = 1_200;
    static final int SPLIT = 600;
    static final long BOUND_MS = 20;
    static final long LATENESS_MS = 50;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1} from parallelism {2} to {3}")
    @CsvSource({"SLIDING, AGGREGATE_PROCESS, 2, 3", "SLIDING, PROCESS, 4, 1", "SESSION, AGGREGATE_PROCESS, 3, 2",
        "SESSION, PROCESS, 1, 4", "SESSION, REDUCE, 2, 3"})
    void shouldContinueFromASavepointAtAnotherParallelism(String kind, Fn fn, int from, int to) throws Exception {
        List<Event> events = WindowReference.events(EVENTS, 5, 7);
        boolean session = kind.equals("SESSION");

        QueueSource<Event> first = new QueueSource<>(1, WindowJobs.EVENTS);
        CollectSink<String> firstSink = new CollectSink<>();
        StreamEnvironment env = environment().setParallelism(from);
        build(env, first, firstSink, session, fn);
        JobClient job = env.executeAsync("window-restore");
        Path savepoint;
        try {
            first.offer(0, events.subList(0, SPLIT).toArray(Event[]::new));
            Eventually.await("the first half emitted", () -> first.emitted() == SPLIT || job.status() != JobStatus.RUNNING);
            savepoint = job.stopWithSavepoint(dir.resolve("savepoint")).get(Jobs.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            Jobs.stop(job);
        }

        QueueSource<Event> second = new QueueSource<>(1, WindowJobs.EVENTS);
        CollectSink<String> secondSink = new CollectSink<>();
        StreamEnvironment restored = environment().setParallelism(to).setRestore(savepoint.toString());
        build(restored, second, secondSink, session, fn);
        second.offer(0, events.subList(SPLIT, EVENTS).toArray(Event[]::new)).endAll();
        assertEquals(JobStatus.FINISHED, Jobs.run(restored, "window-restore").status());

        WindowReference.Outcome expected = WindowReference.eventTime(events, WindowReference.sliding(100, 25),
            session ? 30 : 0, BOUND_MS, LATENESS_MS, fn, SPLIT);
        List<String> all = new ArrayList<>(firstSink.getResults());
        all.addAll(secondSink.getResults());
        assertTrue(!firstSink.getResults().isEmpty() && !secondSink.getResults().isEmpty(), "both jobs fired windows");
        assertEquals(sorted(expected.lines()), sorted(all));
    }

    private StreamEnvironment environment() {
        StreamEnvironment env = StreamEnvironment.create().setRingSize(64).setAutoWatermarkInterval(Duration.ZERO);
        env.enableCheckpointing(60_000);
        env.getCheckpointConfig().storage().checkpointsDir(dir.resolve("checkpoints"));
        return env;
    }

    private static void build(StreamEnvironment env, QueueSource<Event> source, CollectSink<String> sink, boolean session,
                              Fn fn) {
        WindowAssigner<TimeWindow> assigner = session ? EventTimeSessionWindows.withGap(Duration.ofMillis(30))
            : SlidingEventTimeWindows.of(Duration.ofMillis(100), Duration.ofMillis(25));
        KeyedStream<Event, String> keyed = env.fromSource(source,
                WatermarkStrategy.<Event>forBoundedOutOfOrderness(Duration.ofMillis(BOUND_MS))
                    .withTimestampAssigner((event, ts) -> event.time()), "events").uid("events").setParallelism(1)
            .keyBy(Event::key);
        WindowJobs.apply(keyed.window(assigner).allowedLateness(Duration.ofMillis(LATENESS_MS)), fn)
            .sinkTo(sink).uid("sink");
    }
}
