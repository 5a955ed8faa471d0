package io.ringflow.api;

import io.ringflow.api.WindowReference.Event;
import io.ringflow.api.WindowReference.Fn;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.api.window.ProcessingTimeSessionWindows;
import io.ringflow.api.window.SlidingProcessingTimeWindows;
import io.ringflow.api.window.TimeWindow;
import io.ringflow.api.window.WindowAssigner;
import io.ringflow.connector.CollectSink;
import io.ringflow.testing.Eventually;
import io.ringflow.testing.Jobs;
import io.ringflow.testing.ManualClock;
import io.ringflow.testing.QueueSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static io.ringflow.api.WindowReference.sorted;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Sliding and session processing-time windows with every function, at parallelism 1 and 4,
 * against {@link WindowReference}. The clock is manual: each batch arrives at a set time, and
 * the test waits (bounded) for the batch to reach its windows and for the firings the
 * reference expects before it moves the clock on. Batch times are never a window's last
 * millisecond, so no firing races a batch.
 */
class ProcessingTimeWindowsTest {
    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (boolean session : new boolean[] {false, true}) {
            for (Fn fn : Fn.values()) {
                for (int parallelism : new int[] {1, 4}) {
                    all.add(Arguments.of(session ? "SESSION" : "SLIDING", fn, parallelism));
                }
            }
        }
        return all.stream();
    }

    @BeforeEach
    void reset() {
        WindowJobs.ELEMENTS.set(0);
    }

    @ParameterizedTest(name = "{0} {1} parallelism {2}")
    @MethodSource("cases")
    void shouldEmitWhatThePlainComputationEmits(String kind, Fn fn, int parallelism) {
        boolean session = kind.equals("SESSION");
        // batches every 10-40 ms at times ending in 3: sliding windows end at ..24/..49/..74/..99, sessions at ..7
        Random random = new Random(11);
        List<Long> times = new ArrayList<>();
        List<List<Event>> batches = new ArrayList<>();
        long now = 10_003;
        for (int b = 0; b < 60; b++) {
            List<Event> batch = new ArrayList<>();
            for (int i = random.nextInt(6); i > 0; i--) {
                batch.add(new Event("k" + random.nextInt(4), now, 1 + random.nextInt(100)));
            }
            times.add(now);
            batches.add(batch);
            now += 10L * (1 + random.nextInt(4)) + (b % 20 == 19 ? 100 : 0);
        }
        times.add(now + 1_000);
        batches.add(List.of());
        List<Integer> firedBefore = new ArrayList<>();
        List<String> expected = WindowReference.processingTime(times, batches, WindowReference.sliding(100, 25),
            session ? 25 : 0, fn, firedBefore);

        ManualClock clock = new ManualClock(times.get(0));
        StreamEnvironment env = StreamEnvironment.create().setRingSize(64).setClock(clock).setParallelism(parallelism);
        QueueSource<Event> source = new QueueSource<>(1, WindowJobs.EVENTS);
        WindowAssigner<TimeWindow> assigner = session ? ProcessingTimeSessionWindows.withGap(Duration.ofMillis(25))
            : SlidingProcessingTimeWindows.of(Duration.ofMillis(100), Duration.ofMillis(25));
        CollectSink<String> sink = new CollectSink<>();
        WindowJobs.apply(env.fromSource(source, WatermarkStrategy.noWatermarks(), "events").setParallelism(1)
            .keyBy(Event::key)
            .window(assigner)
            .trigger(new WindowJobs.Counting<>(assigner.getDefaultTrigger())), fn)
            .sinkTo(sink);
        int windowsPerRecord = session ? 1 : 4;
        JobClient job = env.executeAsync("processing-time-" + kind + "-" + fn + "-p" + parallelism);
        try {
            int arrived = 0;
            for (int b = 0; b < times.size(); b++) {
                clock.set(times.get(b));
                int fired = firedBefore.get(b);
                Eventually.await(fired + " results by " + times.get(b), () -> sink.getResults().size() >= fired,
                    sink::getResults);
                assertEquals(fired, sink.getResults().size(), "results by " + times.get(b));
                source.offer(0, batches.get(b).toArray(Event[]::new));
                arrived += batches.get(b).size() * windowsPerRecord;
                int expectedArrivals = arrived;
                Eventually.await("batch " + b + " in its windows", () -> WindowJobs.ELEMENTS.get() == expectedArrivals);
            }
            source.endAll();
            job.await(Jobs.TIMEOUT);
        } finally {
            Jobs.stop(job);
        }
        assertEquals(sorted(expected), sorted(sink.getResults()));
    }
}
