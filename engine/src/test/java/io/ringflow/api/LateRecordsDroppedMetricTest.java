package io.ringflow.api;

import io.ringflow.api.WindowReference.Event;
import io.ringflow.api.WindowReference.Fn;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.api.window.TumblingEventTimeWindows;
import io.ringflow.connector.CollectSink;
import io.ringflow.testing.Eventually;
import io.ringflow.testing.Jobs;
import io.ringflow.testing.QueueSource;
import org.junit.jupiter.api.Test;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code NumLateRecordsDropped}: a windowed job at parallelism 2 drops exactly the records the plain
 * computation drops, read over JMX while it runs (job bean, and the task beans summed) and from the
 * {@code JobClient} after its end; with {@code sideOutputLateData} nothing is dropped.
 */
class LateRecordsDroppedMetricTest {
    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();
    private static final long BOUND_MS = 20;
    private static final long LATENESS_MS = 50;
    private static final List<Event> INPUT = WindowReference.events(2_000, 5, 7);
    private static final OutputTag<Event> LATE = new OutputTag<>("late", Event.class);
    private static final WindowReference.Outcome OUTCOME = WindowReference.eventTime(INPUT, WindowReference.sliding(100, 100), 0,
        BOUND_MS, LATENESS_MS, Fn.REDUCE, -1);

    @Test
    void shouldCountTheDroppedRecordsOverJmxAndInTheJobClient() throws Exception {
        String name = "late-dropped-" + UUID.randomUUID().toString().substring(0, 8);
        QueueSource<Event> source = new QueueSource<>(1, WindowJobs.EVENTS);
        CollectSink<String> results = new CollectSink<>();
        SingleOutputStreamOperator<Event> reduced = windows(source, false);
        reduced.map(WindowJobs::line).returns(String.class).sinkTo(results);
        JobClient job = reduced.env.executeAsync(name);
        try {
            feed(source);
            ObjectName jobBean = new ObjectName("io.ringflow:type=Job,job=" + name);
            // every window fired: every record of every subtask was processed before the watermark that fired them
            Eventually.await("every window fired and every late record counted", () -> results.getResults().size()
                == OUTCOME.lines().size() && (long) get(jobBean, "NumLateRecordsDropped") >= OUTCOME.dropped(),
                () -> "expected " + OUTCOME + "; got " + results.getResults().size() + " lines, "
                    + get(jobBean, "NumLateRecordsDropped") + " dropped");
            assertTrue(OUTCOME.dropped() > 0, "a test with records too late: " + OUTCOME);
            assertEquals((long) OUTCOME.dropped(), get(jobBean, "NumLateRecordsDropped"));
            long perTask = 0;
            for (ObjectName task : SERVER.queryNames(new ObjectName("io.ringflow:type=Task,job=" + name + ",*"), null)) {
                perTask += (long) get(task, "NumLateRecordsDropped");
            }
            assertEquals(OUTCOME.dropped(), perTask, "the tasks' counts add up to the job's");
            assertEquals(OUTCOME.dropped(), job.numLateRecordsDropped());
            source.endAll();
            assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(job);
        }
        assertEquals(OUTCOME.dropped(), job.numLateRecordsDropped(), "the last attempt's count stays after the end");
        assertEquals(OUTCOME.lines().size() + 1, results.getResults().size(), "and the flush record's window at the end");
    }

    @Test
    void shouldCountNothingDroppedWhatGoesToTheLateDataSideOutput() {
        QueueSource<Event> source = new QueueSource<>(1, WindowJobs.EVENTS);
        CollectSink<Event> late = new CollectSink<>();
        SingleOutputStreamOperator<Event> reduced = windows(source, true);
        reduced.getSideOutput(LATE).sinkTo(late);
        JobClient job = reduced.env.executeAsync("late-side-" + UUID.randomUUID().toString().substring(0, 8));
        try {
            feed(source);
            source.endAll();
            assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(job);
        }
        assertEquals(0, job.numLateRecordsDropped());
        assertEquals(OUTCOME.dropped(), late.getResults().size(), "every record too late on the side output");
        assertTrue(INPUT.containsAll(late.getResults()));
    }

    /** The input, then one record far ahead whose watermark fires every window of the input. */
    private static void feed(QueueSource<Event> source) {
        List<Event> all = new ArrayList<>(INPUT);
        all.add(new Event("flush", 1_000_000, 0));
        source.offer(0, all.toArray(Event[]::new));
    }

    /** events (parallelism 1) → keyBy → tumbling 100 ms windows with lateness, reduced, at parallelism 2. */
    private static SingleOutputStreamOperator<Event> windows(QueueSource<Event> source, boolean lateSideOutput) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(64)
            .setAutoWatermarkInterval(Duration.ZERO);
        WindowedStream<Event, String, ?> windowed = env.fromSource(source,
                WatermarkStrategy.<Event>forBoundedOutOfOrderness(Duration.ofMillis(BOUND_MS))
                    .withTimestampAssigner((event, ts) -> event.time()), "events")
            .returns(WindowJobs.EVENTS).setParallelism(1)
            .keyBy(Event::key)
            .window(TumblingEventTimeWindows.of(Duration.ofMillis(100)))
            .allowedLateness(Duration.ofMillis(LATENESS_MS));
        if (lateSideOutput) {
            windowed.sideOutputLateData(LATE);
        }
        return windowed.reduce(WindowJobs::add);
    }

    private static Object get(ObjectName bean, String attribute) {
        try {
            return SERVER.getAttribute(bean, attribute);
        } catch (JMException e) {
            throw new AssertionError(bean + "." + attribute + ": " + e, e);
        }
    }
}
