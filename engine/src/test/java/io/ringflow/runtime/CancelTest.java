package io.ringflow.runtime;

import io.ringflow.api.JobClient;
import io.ringflow.api.JobExecutionResult;
import io.ringflow.api.JobStatus;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.connector.Sink;
import io.ringflow.api.connector.SinkContext;
import io.ringflow.api.connector.SinkWriter;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.channel.OffHeapMemory;
import io.ringflow.connector.DiscardingSink;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.testing.Eventually;
import io.ringflow.testing.Jobs;
import io.ringflow.testing.NoLeakedThreads;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cancelling a job ends every thread it started and frees every byte of ring memory, whatever its tasks were doing. */
class CancelTest {
    private static final int RING_SIZE = 16;
    /** Records the generator made, over all source subtasks. */
    private static final AtomicLong GENERATED = new AtomicLong();
    /** Sink writes that started (and block). */
    private static final AtomicLong SINK_ENTERED = new AtomicLong();

    private Set<Thread> threadsBefore;

    @BeforeEach
    void reset() {
        GENERATED.set(0);
        SINK_ENTERED.set(0);
        threadsBefore = NoLeakedThreads.ringflowThreads();
    }

    private Set<Thread> newThreads() {
        Set<Thread> threads = NoLeakedThreads.ringflowThreads();
        threads.removeAll(threadsBefore);
        threads.removeIf(thread -> thread.getName().startsWith("ringflow-metrics-")); // lives until the job's end
        return threads;
    }

    private void assertStoppedCleanly(JobClient job, long memoryBefore) throws Exception {
        job.cancel().get(Jobs.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        // The job-end thread joined every task thread and then published the result, its last act: it ends just after.
        assertEquals(Set.of(), newThreads().stream().filter(thread -> !thread.getName().endsWith("-job-end"))
            .collect(Collectors.toSet()), "no task or coordinator thread outlives cancel().join()");
        Eventually.await("the job-end thread ends after publishing the result", () -> newThreads().isEmpty(), this::newThreads);
        assertEquals(memoryBefore, OffHeapMemory.allocatedBytes(), "ring memory freed");
        assertEquals(JobStatus.CANCELED, job.status());
        assertEquals(Optional.empty(), job.failureCause());
        JobExecutionResult result = job.await(Duration.ofSeconds(1));
        assertEquals(JobStatus.CANCELED, result.status());
    }

    /**
     * Two source subtasks send every record to one key, so one reduce subtask gets everything and
     * its chained sink blocks on the first, whose slot stays taken. Each source can fill its ring to that subtask and no
     * more: once {@code 2 * RING_SIZE} records were made and the sink was entered, both sources
     * are backpressured and the sink blocks.
     */
    private static JobClient startBackpressuredJob(StreamEnvironment env, Sink<Long> sink) {
        env.setParallelism(2).setRingSize(RING_SIZE);
        env.fromSource(GeneratorSource.unbounded(n -> {
                GENERATED.incrementAndGet();
                return n;
            }), WatermarkStrategy.noWatermarks(), "numbers")
            .keyBy(n -> 0L).reduce(Long::sum)
            .sinkTo(sink);
        JobClient job = env.executeAsync("backpressured");
        Eventually.await("sink blocked and both sources backpressured",
            () -> SINK_ENTERED.get() == 1 && GENERATED.get() == 2 * RING_SIZE, () -> SINK_ENTERED + " " + GENERATED);
        return job;
    }

    @RepeatedTest(3)
    void shouldEndEveryThreadAndFreeMemoryWhenCancelled() throws Exception {
        long memoryBefore = OffHeapMemory.allocatedBytes();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(RING_SIZE);
        DiscardingSink<Long> sink = DiscardingSink.create();
        env.fromSource(GeneratorSource.unbounded(n -> n), WatermarkStrategy.noWatermarks(), "numbers")
            .keyBy(n -> n % 16).reduce(Long::sum)
            .sinkTo(sink);
        JobClient job = env.executeAsync("unbounded");
        try {
            assertEquals(JobStatus.RUNNING, job.status());
            assertTrue(OffHeapMemory.allocatedBytes() > memoryBefore, "rings hold memory while the job runs");
            Eventually.await("records flowing", () -> sink.count() > 1_000, sink::count);
            assertStoppedCleanly(job, memoryBefore);
        } finally {
            Jobs.stop(job);
        }
    }

    @Test
    void shouldCancelWhileASinkWaitsOnALatchThatNeverOpens() throws Exception {
        long memoryBefore = OffHeapMemory.allocatedBytes();
        CountDownLatch neverOpens = new CountDownLatch(1);
        JobClient job = startBackpressuredJob(StreamEnvironment.create(), new LatchSink(neverOpens));
        try {
            assertStoppedCleanly(job, memoryBefore);
        } finally {
            neverOpens.countDown();
            Jobs.stop(job);
        }
    }

    @Test
    void shouldStopEverythingButAnUninterruptibleSinkAndThatOnceItReturns() throws Exception {
        long memoryBefore = OffHeapMemory.allocatedBytes();
        AtomicBoolean released = new AtomicBoolean();
        JobClient job = startBackpressuredJob(StreamEnvironment.create(), new SpinningSink(released));
        try {
            var cancelled = job.cancel();
            // the cancellation watchdog stays with it, interrupting it again every task.cancellation.interval
            Eventually.await("every task but the spinning sink's ended", () -> newThreads().stream()
                .filter(thread -> !thread.getName().endsWith("-cancellation-watchdog")).count() == 1, this::newThreads);
            assertFalse(cancelled.isDone(), "the job ends with its last thread");
            released.set(true);
            assertStoppedCleanly(job, memoryBefore);
        } finally {
            released.set(true);
            Jobs.stop(job);
        }
    }

    @Test
    void shouldCancelRightAfterStartAndAnswerEveryCancelWithTheSameFuture() throws Exception {
        long memoryBefore = OffHeapMemory.allocatedBytes();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(RING_SIZE);
        env.fromSource(GeneratorSource.unbounded(n -> n), WatermarkStrategy.noWatermarks(), "numbers")
            .rebalance().map(n -> n + 1)
            .sinkTo(DiscardingSink.create());
        JobClient job = env.executeAsync("cancelled-at-once");
        try {
            var first = job.cancel();
            assertSame(first, job.cancel());
            assertStoppedCleanly(job, memoryBefore);
            assertSame(first, job.cancel(), "cancelling a cancelled job changes nothing");
            assertEquals(JobStatus.CANCELED, job.status());
        } finally {
            Jobs.stop(job);
        }
    }

    /** Blocks its first write until the latch opens; the latch is shared because sinks are not copied. */
    private static final class LatchSink implements Sink<Long> {
        private static final long serialVersionUID = 1L;
        private final transient CountDownLatch latch;

        LatchSink(CountDownLatch latch) {
            this.latch = latch;
        }

        @Override
        public SinkWriter<Long> createWriter(SinkContext context) {
            return (element, timestamp) -> {
                SINK_ENTERED.incrementAndGet();
                latch.await();
            };
        }
    }

    /** Busy-waits in its first write, deaf to interrupts, until released. */
    private static final class SpinningSink implements Sink<Long> {
        private static final long serialVersionUID = 1L;
        private final transient AtomicBoolean released;

        SpinningSink(AtomicBoolean released) {
            this.released = released;
        }

        @Override
        public SinkWriter<Long> createWriter(SinkContext context) {
            return (element, timestamp) -> {
                SINK_ENTERED.incrementAndGet();
                while (!released.get()) {
                    Thread.onSpinWait();
                }
            };
        }
    }
}
