package io.ringflow.checkpoint;

import io.ringflow.barrier.BarrierMode;
import io.ringflow.api.CheckpointStats;
import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.Clock;
import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.checkpoint.CheckpointTestJobs.AsyncControl;
import io.ringflow.checkpoint.CheckpointTestJobs.CountingMap;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.testing.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import static io.ringflow.checkpoint.CheckpointTestJobs.INTERVAL_MS;
import static io.ringflow.checkpoint.CheckpointTestJobs.awaitStats;
import static io.ringflow.checkpoint.CheckpointTestJobs.completed;
import static io.ringflow.checkpoint.CheckpointTestJobs.count;
import static io.ringflow.checkpoint.CheckpointTestJobs.environment;
import static io.ringflow.checkpoint.CheckpointTestJobs.triggered;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The coordinator's trigger rules in a running job: checkpoints are held pending by holding
 * their asynchronous part (the state codec of a map), and time moves with the manual clock.
 * That a rule held a checkpoint back is asserted only after a whole duty cycle of the
 * coordinator ran at the frozen time ({@link CoordinatorClock}), never after a sleep; at every
 * millisecond the rules are pinned in {@link CheckpointCoordinatorTest}.
 */
class CheckpointTriggerRulesTest {
    private final ManualClock clock = new ManualClock(0);
    private final CoordinatorClock coordinatorClock = new CoordinatorClock(clock);

    @AfterEach
    void releaseHeldCheckpoints() {
        AsyncControl.reset();
    }

    @ParameterizedTest
    @CsvSource({"ALIGNED, 1", "ALIGNED, 2", "AT_LEAST_ONCE, 2", "AT_LEAST_ONCE, 3"})
    void shouldKeepAtMostMaxConcurrentCheckpointsPending(BarrierMode mode, int maxConcurrent) throws Exception {
        JobClient job = start(mode, c -> c.getCheckpointConfig().setMaxConcurrentCheckpoints(maxConcurrent));
        try {
            AsyncControl.block();
            for (int id = 1; id <= maxConcurrent; id++) {
                clock.advance(INTERVAL_MS);
                awaitStats(job, triggered(id), "checkpoint " + id);
            }
            clock.advance(INTERVAL_MS);
            coordinatorClock.awaitDutyCycle();
            List<CheckpointStats> held = job.checkpointStats();
            assertEquals(maxConcurrent, count(held, CheckpointStatus.IN_PROGRESS), held.toString());
            assertFalse(triggered(maxConcurrent + 1).test(held), "no more than " + maxConcurrent + " pending: " + held);

            AsyncControl.releaseAll();
            List<CheckpointStats> after = awaitStats(job, triggered(maxConcurrent + 1), "the next once room is made");
            assertEquals(0, count(after, CheckpointStatus.FAILED) + count(after, CheckpointStatus.EXPIRED), after.toString());
            assertEquals(JobStatus.RUNNING, job.status());
        } finally {
            AsyncControl.releaseAll();
            job.cancel().join();
        }
    }

    @Test
    void shouldWaitTheMinPauseAfterACompletionBeforeTheNextTrigger() throws Exception {
        JobClient job = start(BarrierMode.ALIGNED, c -> c.getCheckpointConfig().setMinPauseBetweenCheckpoints(250));
        try {
            AsyncControl.block();
            clock.advance(INTERVAL_MS);                         // t = 100: checkpoint 1, held
            awaitStats(job, triggered(1), "checkpoint 1");
            clock.advance(80);                                  // t = 180: it completes now
            AsyncControl.releaseAll();
            awaitStats(job, completed(1), "checkpoint 1 completed");
            clock.advance(20);                                  // t = 200: the interval alone would trigger
            coordinatorClock.awaitDutyCycle();
            assertFalse(triggered(2).test(job.checkpointStats()), "the pause runs until 180 + 250 = 430");
            clock.advance(229);                                 // t = 429
            coordinatorClock.awaitDutyCycle();
            assertFalse(triggered(2).test(job.checkpointStats()));
            clock.advance(1);                                   // t = 430
            List<CheckpointStats> stats = awaitStats(job, triggered(2), "checkpoint 2");
            assertEquals(430, stats.get(1).triggerTimeMs());
            assertEquals(180, stats.get(0).triggerTimeMs() + stats.get(0).endToEndDurationMs());
        } finally {
            AsyncControl.releaseAll();
            job.cancel().join();
        }
    }

    private JobClient start(BarrierMode mode, Consumer<StreamEnvironment> options) {
        StreamEnvironment env = environment(mode, clock).setClock(coordinatorClock);
        options.accept(env);
        env.fromSource(GeneratorSource.bounded(10_000_000, seq -> seq), WatermarkStrategy.noWatermarks(), "numbers")
            .map(new CountingMap())
            .keyBy(n -> n % 16)
            .sinkTo(new CheckpointTestJobs.SlowSink(5_000));
        return env.executeAsync("rules-" + mode);
    }

    /**
     * A manual clock that counts the reads of the coordinator's thread. Each duty cycle reads the
     * clock after taking in the reports and before it decides, so once a few reads began after a
     * call, a whole cycle ran at the clock's present time and what it decided is visible.
     */
    static final class CoordinatorClock implements Clock {
        private final ManualClock clock;
        private final AtomicLong coordinatorReads = new AtomicLong();

        CoordinatorClock(ManualClock clock) {
            this.clock = clock;
        }

        @Override
        public long currentTimeMillis() {
            if (Thread.currentThread().getName().endsWith("-checkpoint-coordinator")) {
                coordinatorReads.incrementAndGet();
            }
            return clock.currentTimeMillis();
        }

        /** Returns once a duty cycle that began after this call decided; fails when the coordinator runs none. */
        void awaitDutyCycle() throws InterruptedException {
            // a cycle reads once before deciding, plus once or twice while recording a completion or a failure:
            // the third read after this call lies beyond the decision of a cycle that read the present time
            long until = coordinatorReads.get() + 3;
            long deadline = System.currentTimeMillis() + CheckpointTestJobs.DEADLINE_MS;
            while (coordinatorReads.get() < until) {
                if (System.currentTimeMillis() > deadline) {
                    fail("the coordinator ran no duty cycle in " + CheckpointTestJobs.DEADLINE_MS + " ms");
                }
                Thread.sleep(1);
            }
        }
    }
}
