package io.ringflow.runtime;

import io.ringflow.api.InvalidJobException;
import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.api.RestartStrategy;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.functions.MapFunction;
import io.ringflow.api.functions.RichFunction;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.DiscardingSink;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every subtask of every attempt starts from the user's function as it was built, as in Flink:
 * fields a running subtask changed do not leak into the subtasks of a restarted attempt (state
 * comes back from checkpoints only), also at parallelism 1, where the first attempt runs the
 * user's own instance.
 */
class RestartFromBuiltFunctionTest {
    static final CopyOnWriteArrayList<Long> SEEN_AT_OPEN = new CopyOnWriteArrayList<>();
    static final AtomicInteger FAILURES_LEFT = new AtomicInteger();

    @BeforeEach
    void reset() {
        SEEN_AT_OPEN.clear();
    }

    /** Counts in a field that is not transient and fails on its 100th record while failures are left. */
    static final class CountingMap extends RichFunction implements MapFunction<Long, Long> {
        private static final long serialVersionUID = 1L;
        private long seen; // as built: 0

        @Override
        public void open() {
            SEEN_AT_OPEN.add(seen);
        }

        @Override
        public Long map(Long value) {
            if (++seen % 100 == 0 && FAILURES_LEFT.getAndDecrement() > 0) {
                throw new IllegalStateException("injected failure at record " + seen);
            }
            return value;
        }
    }

    @Test
    void shouldStartEveryRestartedSubtaskFromTheFunctionAsBuiltAtParallelismOne() {
        assertEveryOpenSawTheBuiltFunction(1);
    }

    @Test
    void shouldStartEveryRestartedSubtaskFromTheFunctionAsBuiltAtParallelismThree() {
        assertEveryOpenSawTheBuiltFunction(3);
    }

    private static void assertEveryOpenSawTheBuiltFunction(int parallelism) {
        FAILURES_LEFT.set(2);
        StreamEnvironment env = StreamEnvironment.create()
            .setRestartStrategy(RestartStrategy.fixedDelay(2, Duration.ofMillis(1)));
        env.fromSource(GeneratorSource.bounded(1_000, n -> n), WatermarkStrategy.noWatermarks(), "numbers").uid("numbers")
            .map(new CountingMap()).uid("counting").setParallelism(parallelism)
            .sinkTo(DiscardingSink.create());
        JobClient job = env.executeAsync("restart-from-built-p" + parallelism);
        try {
            assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(job);
        }
        // at parallelism 3 two subtasks may fail in the same attempt: one restart for both
        assertTrue(job.restarts() >= 1 && job.restarts() <= 2, "restarts: " + job.restarts());
        assertEquals((job.restarts() + 1) * parallelism, SEEN_AT_OPEN.size(), "every subtask of every attempt opened");
        assertEquals(List.of(0L), SEEN_AT_OPEN.stream().distinct().toList(),
            "every subtask must open the function as built, not one a failed attempt changed: " + SEEN_AT_OPEN);
    }

    /** Holds a field that cannot be serialized, so no copy of it can be made. */
    static final class UncopyableMap implements MapFunction<Long, Long> {
        private static final long serialVersionUID = 1L;
        private final Object notSerializable = new Object();

        @Override
        public Long map(Long value) {
            return notSerializable == null ? -value : value;
        }
    }

    @Test
    void shouldRefuseAFunctionItCannotCopyWhenTheJobMayRestart() {
        StreamEnvironment env = StreamEnvironment.create()
            .setRestartStrategy(RestartStrategy.fixedDelay(1, Duration.ofMillis(1)));
        env.fromSource(GeneratorSource.bounded(10, n -> n), WatermarkStrategy.noWatermarks(), "numbers")
            .map(new UncopyableMap()).uid("uncopyable")
            .sinkTo(DiscardingSink.create());

        InvalidJobException e = assertThrows(InvalidJobException.class, () -> env.executeAsync("uncopyable-restartable"));
        assertTrue(e.getMessage().contains("'Map' cannot be copied") && e.getMessage().contains("restart strategy"),
            e.getMessage());
    }

    @Test
    void shouldRunAFunctionItCannotCopyAtParallelismOneWithoutRestarts() {
        StreamEnvironment env = StreamEnvironment.create();
        env.fromSource(GeneratorSource.bounded(10, n -> n), WatermarkStrategy.noWatermarks(), "numbers")
            .map(new UncopyableMap()).uid("uncopyable")
            .sinkTo(DiscardingSink.create());
        JobClient job = env.executeAsync("uncopyable-once");
        try {
            assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(job);
        }
    }
}
