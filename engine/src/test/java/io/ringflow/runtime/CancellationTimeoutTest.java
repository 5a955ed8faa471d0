package io.ringflow.runtime;

import io.ringflow.api.DataStream;
import io.ringflow.api.JobClient;
import io.ringflow.api.JobExecutionException;
import io.ringflow.api.JobStatus;
import io.ringflow.api.RestartStrategy;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.channel.OffHeapMemory;
import io.ringflow.connector.DiscardingSink;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.testing.Eventually;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A task thread in user code that ignores interrupts: interrupted again every
 * task.cancellation.interval, and after task.cancellation.timeout the job ends without it
 * (no restart), its rings freed once it does end.
 */
class CancellationTimeoutTest {
    /** Interrupts the stuck function saw; it returns after {@link #interruptsToStop} of them. */
    private static final AtomicInteger INTERRUPTS_SEEN = new AtomicInteger();
    private static final AtomicInteger STUCK = new AtomicInteger();
    private static volatile int interruptsToStop;
    private static final AtomicBoolean RELEASE = new AtomicBoolean();
    private static final AtomicBoolean FAILED = new AtomicBoolean();

    @BeforeEach
    void reset() {
        INTERRUPTS_SEEN.set(0);
        STUCK.set(0);
        RELEASE.set(false);
        FAILED.set(false);
    }

    @AfterEach
    void release() {
        RELEASE.set(true); // no thread left spinning for the next tests
    }

    /** Subtask 0 stops once past record 1,000 in a loop that swallows interrupts, until enough came or it is released. */
    private static long stuckAtThousand(long n, int subtask) {
        if (subtask == 0 && n >= 1_000 && STUCK.compareAndSet(0, 1)) {
            while (!RELEASE.get()) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException swallowed) {
                    if (INTERRUPTS_SEEN.incrementAndGet() >= interruptsToStop) {
                        return n;
                    }
                }
            }
        }
        return n;
    }

    /**
     * {@code failAnotherSubtask}: subtask 1, chained to its own source subtask so that it reads on
     * while subtask 0 is stuck, fails once. Otherwise the map is behind a rebalance: rings between
     * tasks, memory the stuck thread could still touch.
     */
    private static JobClient start(StreamEnvironment env, String name, boolean failAnotherSubtask) {
        env.setParallelism(2).setRingSize(64);
        DiscardingSink<Long> sink = DiscardingSink.create();
        DataStream<Long> numbers = env.fromSource(GeneratorSource.unbounded(n -> n), WatermarkStrategy.noWatermarks(),
            "numbers");
        (failAnotherSubtask ? numbers : numbers.rebalance())
            .map(new io.ringflow.api.functions.RichMapFunction<Long, Long>() {
                public Long map(Long n) {
                    int subtask = getRuntimeContext().getIndexOfThisSubtask();
                    if (failAnotherSubtask && subtask == 1 && STUCK.get() > 0 && FAILED.compareAndSet(false, true)) {
                        throw new IllegalStateException("injected failure beside a stuck subtask");
                    }
                    return stuckAtThousand(n, subtask);
                }
            })
            .sinkTo(sink);
        JobClient job = env.executeAsync(name);
        Eventually.await("subtask 0 stuck in user code", () -> STUCK.get() == 1, STUCK::get);
        return job;
    }

    @Test
    void shouldInterruptAStuckTaskAgainEveryIntervalUntilItStops() throws Exception {
        interruptsToStop = 3; // the cancel's own interrupt, then two of the watchdog's
        long memoryBefore = OffHeapMemory.allocatedBytes();
        StreamEnvironment env = StreamEnvironment.create()
            .configure(Map.of("task.cancellation.interval", "100 ms", "task.cancellation.timeout", "1 min"));
        JobClient job = start(env, "stuck-then-stops", false);
        try {
            job.cancel().get(Jobs.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertEquals(3, INTERRUPTS_SEEN.get(), "stopped at the third interrupt");
            assertEquals(JobStatus.CANCELED, job.status());
            assertEquals(memoryBefore, OffHeapMemory.allocatedBytes(), "ring memory freed");
        } finally {
            Jobs.stop(job);
        }
    }

    @Test
    void shouldEndACancelledJobWithoutTheThreadThatNeverStopsAndFreeItsRingsWhenItDoes() throws Exception {
        interruptsToStop = Integer.MAX_VALUE;
        long memoryBefore = OffHeapMemory.allocatedBytes();
        StreamEnvironment env = StreamEnvironment.create().setTaskCancellationInterval(Duration.ofMillis(100))
            .setTaskCancellationTimeout(Duration.ofMillis(600));
        JobClient job = start(env, "stuck-forever", false);
        try {
            job.cancel().get(Jobs.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertEquals(JobStatus.CANCELED, job.status(), "cancelled, as Flink's job whose task manager it killed");
            assertTrue(INTERRUPTS_SEEN.get() >= 4, "interrupted again every 100 ms: " + INTERRUPTS_SEEN.get());
            assertTrue(OffHeapMemory.allocatedBytes() > memoryBefore, "the stuck thread's rings are kept while it runs");
            RELEASE.set(true);
            Eventually.await("rings freed once the stuck thread ended",
                () -> OffHeapMemory.allocatedBytes() == memoryBefore, OffHeapMemory::allocatedBytes);
        } finally {
            Jobs.stop(job);
        }
    }

    @Test
    void shouldFailAJobWhoseFailoverCannotStopATaskInsteadOfRestartingBesideIt() throws Exception {
        interruptsToStop = Integer.MAX_VALUE;
        StreamEnvironment env = StreamEnvironment.create().setTaskCancellationInterval(Duration.ofMillis(100))
            .setTaskCancellationTimeout(Duration.ofMillis(500))
            .setRestartStrategy(RestartStrategy.fixedDelay(5, Duration.ZERO));
        JobClient job = start(env, "failover-stuck", true);
        try {
            JobExecutionException failed = assertThrows(JobExecutionException.class, () -> job.await(Jobs.TIMEOUT));
            TaskCancellationTimeoutException timeout = assertInstanceOf(TaskCancellationTimeoutException.class,
                failed.getCause());
            assertTrue(timeout.getMessage().contains("did not stop within task.cancellation.timeout (500 ms"),
                timeout.getMessage());
            assertTrue(timeout.getMessage().contains("stuckAtThousand"), "names where it is stuck: " + timeout.getMessage());
            assertEquals("injected failure beside a stuck subtask", timeout.getCause().getMessage());
            assertEquals(0, job.restarts(), "no restart beside a thread still running the failed attempt");
            assertEquals(JobStatus.FAILED, job.status());
        } finally {
            Jobs.stop(job);
        }
    }

    @Test
    void shouldRefuseNonPositiveSettingsNamingTheKey() {
        StreamEnvironment env = StreamEnvironment.create();
        RuntimeException interval = assertThrows(RuntimeException.class,
            () -> env.configure(Map.of("task.cancellation.interval", "0 ms")));
        assertTrue(interval.getMessage().contains("task.cancellation.interval"), interval.getMessage());
        RuntimeException timeout = assertThrows(RuntimeException.class,
            () -> env.setTaskCancellationTimeout(Duration.ofSeconds(-1)));
        assertTrue(timeout.getMessage().contains("task.cancellation.timeout"), timeout.getMessage());
    }
}
