package io.ringflow.api;

import io.ringflow.api.WindowReference.Event;
import io.ringflow.api.WindowReference.Fn;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.api.window.DeltaTrigger;
import io.ringflow.api.window.GlobalWindows;
import io.ringflow.connector.CollectSink;
import io.ringflow.connector.CollectionSource;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.ringflow.api.WindowReference.sorted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code DeltaTrigger} on global windows per key, against the plain computation, at parallelism 1 and 4. */
class DeltaTriggerTest {
    private static final double THRESHOLD = 60;

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 4})
    void shouldFireWhenARecordIsFarFromTheLastFiredOne(int parallelism) {
        List<Event> events = WindowReference.events(1_000, 5, 3);
        StreamEnvironment env = StreamEnvironment.create().setRingSize(64).setParallelism(parallelism);
        CollectSink<String> sink = new CollectSink<>();
        env.fromSource(new CollectionSource<>(events), WatermarkStrategy.noWatermarks(), "events")
            .returns(WindowJobs.EVENTS).setParallelism(1)
            .keyBy(Event::key)
            .window(GlobalWindows.create())
            .trigger(DeltaTrigger.of(THRESHOLD, (Event older, Event newer) -> Math.abs(newer.value() - older.value()), Event.class))
            .process(new WindowJobs.DescribeAll<>())
            .sinkTo(sink);

        assertEquals(JobStatus.FINISHED, Jobs.run(env, "delta-trigger-p" + parallelism).status());

        List<String> expected = reference(events);
        assertTrue(expected.size() > 50, "firings: " + expected.size());
        assertEquals(sorted(expected), sorted(sink.getResults()));
    }

    /** Per key: the window keeps every record; it fires when one is more than THRESHOLD from the last fired (or first) one. */
    private static List<String> reference(List<Event> events) {
        Map<String, List<Event>> windows = new HashMap<>();
        Map<String, Event> lastFired = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (Event event : events) {
            List<Event> window = windows.computeIfAbsent(event.key(), k -> new ArrayList<>());
            window.add(event);
            Event last = lastFired.putIfAbsent(event.key(), event);
            if (last != null && Math.abs(event.value() - last.value()) > THRESHOLD) {
                lastFired.put(event.key(), event);
                out.add(Fn.PROCESS.describe(event.key(), null, window));
            }
        }
        return out;
    }
}
