package io.ringflow.runtime;

import io.ringflow.api.JobClient;
import io.ringflow.api.JobExecutionException;
import io.ringflow.api.JobStatus;
import io.ringflow.api.RestartStrategy;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.functions.MapFunction;
import io.ringflow.api.functions.RichFunction;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.DiscardingSink;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.testing.Eventually;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Restart strategies, by API and by Flink's {@code restart-strategy.*} keys: none fails the job
 * with the original cause; fixed-delay and exponential-delay restart up to their attempts (the
 * latter with growing delays), then fail the job with the cause of the last failure.
 */
class RestartStrategyTest {
    static final CopyOnWriteArrayList<Long> ATTEMPT_STARTS = new CopyOnWriteArrayList<>();
    static final CopyOnWriteArrayList<Throwable> THROWN = new CopyOnWriteArrayList<>();
    static final AtomicInteger FAILURES_LEFT = new AtomicInteger();

    @BeforeEach
    void reset() {
        ATTEMPT_STARTS.clear();
        THROWN.clear();
        FAILURES_LEFT.set(Integer.MAX_VALUE);
    }

    /** Fails on its 100th record of every attempt while failures are left; notes when each attempt opened. */
    static final class FailingMap extends RichFunction implements MapFunction<Long, Long> {
        private static final long serialVersionUID = 1L;
        private transient long seen;

        @Override
        public void open() {
            ATTEMPT_STARTS.add(System.nanoTime());
        }

        @Override
        public Long map(Long value) {
            if (++seen == 100 && FAILURES_LEFT.getAndDecrement() > 0) {
                IllegalStateException failure = new IllegalStateException("injected failure " + (THROWN.size() + 1));
                THROWN.add(failure);
                throw failure;
            }
            return value;
        }
    }

    private static JobClient start(StreamEnvironment env, String name) {
        env.fromSource(GeneratorSource.bounded(1_000, n -> n), WatermarkStrategy.noWatermarks(), "numbers").uid("numbers")
            .map(new FailingMap()).uid("failing")
            .sinkTo(DiscardingSink.create());
        return env.executeAsync(name);
    }

    /** Runs to the end and returns the failure the job ended with. */
    private static JobExecutionException failedRun(StreamEnvironment env, String name) {
        JobClient job = start(env, name);
        try {
            JobExecutionException failed = assertThrows(JobExecutionException.class, () -> job.await(Jobs.TIMEOUT));
            assertEquals(JobStatus.FAILED, job.status());
            assertSame(failed.getCause(), job.failureCause().orElseThrow());
            return failed;
        } finally {
            Jobs.stop(job);
        }
    }

    private static void assertFailedAfter(int restarts, JobExecutionException failed, JobClient job) {
        assertEquals(restarts + 1, THROWN.size(), "one failure per attempt");
        assertSame(THROWN.get(THROWN.size() - 1), failed.getCause(), "the job fails with the cause of the last failure");
        assertEquals(restarts, job.restarts(), "restarts before giving up");
    }

    @Test
    void shouldFailWithTheOriginalCauseWithoutRestartStrategy() {
        StreamEnvironment env = StreamEnvironment.create();
        JobClient job = start(env, "no-restart");
        JobExecutionException failed = assertThrows(JobExecutionException.class, () -> job.await(Jobs.TIMEOUT));
        Jobs.stop(job);
        assertEquals(JobStatus.FAILED, job.status());
        assertFailedAfter(0, failed, job);
    }

    @Test
    void shouldFailAfterTheFixedDelayAttemptsWithTheCause() {
        StreamEnvironment env = StreamEnvironment.create().setRestartStrategy(RestartStrategy.fixedDelay(2, Duration.ofMillis(10)));
        JobClient job = start(env, "fixed-delay-exhausted");
        JobExecutionException failed = assertThrows(JobExecutionException.class, () -> job.await(Jobs.TIMEOUT));
        Jobs.stop(job);
        assertEquals(JobStatus.FAILED, job.status());
        assertFailedAfter(2, failed, job);
        assertDelaysAtLeast(List.of(10L, 10L));
    }

    @Test
    void shouldFinishWhenAFixedDelayRestartSucceeds() {
        FAILURES_LEFT.set(2);
        StreamEnvironment env = StreamEnvironment.create().setRestartStrategy(RestartStrategy.fixedDelay(2, Duration.ofMillis(1)));
        JobClient job = start(env, "fixed-delay-recovers");
        try {
            assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(job);
        }
        assertEquals(2, job.restarts());
        assertEquals(3, ATTEMPT_STARTS.size(), "three attempts");
    }

    @Test
    void shouldGrowExponentialDelaysUpToTheMaximum() {
        RestartStrategy strategy = RestartStrategy.exponentialDelay(Duration.ofMillis(10), Duration.ofMillis(50), 2.0, 5);
        List<Long> delays = List.of(1, 2, 3, 4, 5).stream()
            .map(restart -> strategy.delayBeforeRestartMs(restart).orElseThrow()).toList();
        assertEquals(List.of(10L, 20L, 40L, 50L, 50L), delays);
        assertEquals(OptionalLong.empty(), strategy.delayBeforeRestartMs(6), "attempts exhausted");
        assertEquals(OptionalLong.empty(), RestartStrategy.noRestart().delayBeforeRestartMs(1));
        assertEquals(OptionalLong.of(7), RestartStrategy.fixedDelay(3, Duration.ofMillis(7)).delayBeforeRestartMs(3));
        assertEquals(OptionalLong.empty(), RestartStrategy.fixedDelay(3, Duration.ofMillis(7)).delayBeforeRestartMs(4));
    }

    @Test
    void shouldRestartWithExponentialDelaysThenFail() {
        StreamEnvironment env = StreamEnvironment.create()
            .setRestartStrategy(RestartStrategy.exponentialDelay(Duration.ofMillis(10), Duration.ofMillis(1_000), 2.0, 3));
        JobClient job = start(env, "exponential-delay");
        JobExecutionException failed = assertThrows(JobExecutionException.class, () -> job.await(Jobs.TIMEOUT));
        Jobs.stop(job);
        assertFailedAfter(3, failed, job);
        assertDelaysAtLeast(List.of(10L, 20L, 40L));
    }

    @Test
    void shouldTakeTheStrategyFromFlinkConfigKeys() {
        JobExecutionException none = failedRun(StreamEnvironment.create()
            .setRestartStrategy(RestartStrategy.fixedDelay(5, Duration.ZERO))
            .configure(Map.of(RestartStrategy.TYPE, "none")), "keys-none");
        assertSame(THROWN.get(0), none.getCause());
        assertEquals(1, THROWN.size(), "type none overrides the strategy set before");

        reset();
        StreamEnvironment fixed = StreamEnvironment.create().configure(Map.of(RestartStrategy.TYPE, "fixed-delay",
            RestartStrategy.FIXED_ATTEMPTS, "2", RestartStrategy.FIXED_DELAY, "10 ms"));
        JobClient fixedJob = start(fixed, "keys-fixed-delay");
        JobExecutionException fixedFailure = assertThrows(JobExecutionException.class, () -> fixedJob.await(Jobs.TIMEOUT));
        Jobs.stop(fixedJob);
        assertFailedAfter(2, fixedFailure, fixedJob);
        assertDelaysAtLeast(List.of(10L, 10L));

        reset();
        StreamEnvironment exponential = StreamEnvironment.create().configure(Map.of(RestartStrategy.TYPE, "exponential-delay",
            RestartStrategy.EXP_INITIAL, "10 ms", RestartStrategy.EXP_MAX, "30 ms", RestartStrategy.EXP_MULTIPLIER, "2",
            RestartStrategy.EXP_ATTEMPTS, "3"));
        JobClient exponentialJob = start(exponential, "keys-exponential-delay");
        JobExecutionException exponentialFailure = assertThrows(JobExecutionException.class,
            () -> exponentialJob.await(Jobs.TIMEOUT));
        Jobs.stop(exponentialJob);
        assertFailedAfter(3, exponentialFailure, exponentialJob);
        assertDelaysAtLeast(List.of(10L, 20L, 30L));
    }

    /** A file's keys, then the program's: merged as Flink merges configurations (the attempts were reset to 1 before). */
    @Test
    void shouldMergeRestartKeysOfSeveralConfigureCalls() {
        StreamEnvironment env = StreamEnvironment.create()
            .configure(Map.of(RestartStrategy.TYPE, "fixed-delay", RestartStrategy.FIXED_ATTEMPTS, "3"))
            .configure(Map.of(RestartStrategy.FIXED_DELAY, "10 ms"));
        JobClient job = start(env, "keys-merged");
        JobExecutionException failure = assertThrows(JobExecutionException.class, () -> job.await(Jobs.TIMEOUT));
        Jobs.stop(job);
        assertFailedAfter(3, failure, job);
        assertDelaysAtLeast(List.of(10L, 10L, 10L));
    }

    @Test
    void shouldRejectAnUnknownRestartStrategyType() {
        Exception e = assertThrows(RuntimeException.class,
            () -> StreamEnvironment.create().configure(Map.of(RestartStrategy.TYPE, "sometimes")));
        assertTrue(e.getMessage().contains(RestartStrategy.TYPE) && e.getMessage().contains("fixed-delay"), e.getMessage());
    }

    @Test
    void shouldCancelAJobWaitingToRestart() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setRestartStrategy(RestartStrategy.fixedDelay(1, Duration.ofHours(1)));
        JobClient job = start(env, "cancel-while-restarting");
        Eventually.await("the job waits to restart", () -> job.status() == JobStatus.RESTARTING, job::status);
        job.cancel().get(Jobs.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        assertEquals(JobStatus.CANCELED, job.await(Jobs.TIMEOUT).status());
        assertEquals(1, ATTEMPT_STARTS.size(), "no attempt after the cancel");
        // the NoLeakedThreads extension checks that no restart thread stays behind
    }

    /** The gaps between attempt starts are at least the strategy's delays (a lower bound, not a speed). */
    private static void assertDelaysAtLeast(List<Long> delaysMs) {
        assertEquals(delaysMs.size() + 1, ATTEMPT_STARTS.size(), "attempts");
        for (int i = 0; i < delaysMs.size(); i++) {
            long gapMs = TimeUnit.NANOSECONDS.toMillis(ATTEMPT_STARTS.get(i + 1) - ATTEMPT_STARTS.get(i));
            assertTrue(gapMs >= delaysMs.get(i), "restart " + (i + 1) + " came " + gapMs + " ms after the attempt before it, "
                + "sooner than its delay of " + delaysMs.get(i) + " ms");
        }
    }
}
