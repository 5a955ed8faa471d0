package io.ringflow.stress;

import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.functions.MapFunction;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.DiscardingSink;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The watchdog reports a job that stopped progressing, with its diagnostics, and leaves alone one that progresses. */
class ProgressWatchdogTest {
    private static final Duration STALL = Duration.ofSeconds(1);
    private static final AtomicLong RECORDS = new AtomicLong();

    @BeforeEach
    void reset() {
        RECORDS.set(0);
    }

    /** Counts records; from record {@code stallAt} on it blocks until its thread is interrupted (by cancel). */
    static final class Stall implements MapFunction<Long, Long> {
        private static final long serialVersionUID = 1L;
        private final long stallAt;

        Stall(long stallAt) {
            this.stallAt = stallAt;
        }

        @Override
        public Long map(Long value) {
            if (RECORDS.incrementAndGet() >= stallAt) {
                while (!Thread.currentThread().isInterrupted()) {
                    LockSupport.parkNanos(1_000_000);
                }
            }
            return value;
        }
    }

    private static JobClient start(GeneratorSource<Long> source, long stallAt, boolean checkpointing) {
        StreamEnvironment env = StreamEnvironment.create();
        if (checkpointing) {
            env.enableCheckpointing(20);
        }
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "numbers")
            .map(new Stall(stallAt)).startNewChain()
            .sinkTo(DiscardingSink.create());
        return env.executeAsync("watchdog-test");
    }

    @Test
    void shouldCancelAHungJobAndReportItsDiagnostics() {
        JobClient job = start(GeneratorSource.bounded(1_000_000, seq -> seq), 1_000, false);
        try {
            ProgressWatchdog.JobHang hang = assertThrows(ProgressWatchdog.JobHang.class,
                () -> ProgressWatchdog.await(job, RECORDS::get, STALL));

            assertTrue(hang.getMessage().startsWith("job 'watchdog-test' hung: no record processed and no checkpoint "
                + "completed for 1 s (records processed 1000"), hang.getMessage());
            assertTrue(hang.diagnostics().contains("task "), "every task's channels: " + hang.diagnostics());
            assertTrue(hang.diagnostics().contains(Stall.class.getName() + ".map"), "the stuck thread's stack: " + hang.diagnostics());
            assertEquals(JobStatus.CANCELED, job.status(), "the watchdog cancelled the job");
        } finally {
            Jobs.stop(job);
        }
    }

    @Test
    void shouldLetAJobFinishThatProcessesRecordsSlowly() {
        JobClient job = start(GeneratorSource.bounded(3_000, seq -> seq).withRate(2_000), Long.MAX_VALUE, false);
        try {
            assertEquals(JobStatus.FINISHED, ProgressWatchdog.await(job, RECORDS::get, STALL).status());
            assertEquals(3_000, RECORDS.get());
        } finally {
            Jobs.stop(job);
        }
    }

    @Test
    void shouldCountCompletedCheckpointsAsProgressWhenNoRecordFlows() {
        // one record at the start, the next after 5 s: only checkpoints show that the job is alive meanwhile
        JobClient job = start(GeneratorSource.unbounded(seq -> seq).withRate(0.2), Long.MAX_VALUE, true);
        CompletableFuture.runAsync(job::cancel, CompletableFuture.delayedExecutor(3 * STALL.toMillis(), TimeUnit.MILLISECONDS));
        try {
            assertEquals(JobStatus.CANCELED, ProgressWatchdog.await(job, RECORDS::get, STALL).status());
            assertEquals(1, RECORDS.get());
        } finally {
            Jobs.stop(job);
        }
    }
}
