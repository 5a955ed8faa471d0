package io.ringflow.runtime;

import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.CheckpointingMode;
import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.api.RestartStrategy;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codec;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.KeyedProcessFunction;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.DiscardingSink;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.testing.Jobs;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A failover aborts the checkpoints its attempt was writing before it waits for the snapshot
 * writer: the snapshot being written fails at its next spill instead of being written to the end
 * (a large state took up to 200 ms more before the restart). The value codec holds the writer
 * inside a snapshot while a task fails, and counts what the old attempt's writer encodes after.
 */
class FailoverAbortsWritingTest {
    private static final int KEYS = 50_000; // above the synchronous snapshot's 16,384 entries: encoded by the writer
    private static final long EVENTS = 400_000;

    private static final CountDownLatch WRITING = new CountDownLatch(1);
    private static final CountDownLatch RELEASE = new CountDownLatch(1);
    private static final AtomicBoolean FAIL = new AtomicBoolean();
    private static final AtomicBoolean FAILED = new AtomicBoolean();
    private static final AtomicLong ENCODED_AFTER_RELEASE = new AtomicLong();
    private static volatile Thread heldWriter;

    @Test
    void shouldStopWritingTheFailedAttemptsSnapshotAtItsNextSpill(@TempDir Path dir) throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setRingSize(64)
            .setRestartStrategy(RestartStrategy.fixedDelay(1, Duration.ZERO));
        env.enableCheckpointing(50, CheckpointingMode.EXACTLY_ONCE);
        env.getCheckpointConfig().storage().checkpointsDir(dir);
        env.fromSource(GeneratorSource.bounded(EVENTS, n -> n).withRate(200_000), WatermarkStrategy.noWatermarks(), "numbers")
            .keyBy(n -> n % KEYS)
            .process(new Counter())
            .sinkTo(DiscardingSink.create());
        JobClient job = env.executeAsync("failover-aborts-writing");
        try {
            assertTrue(WRITING.await(60, TimeUnit.SECONDS), "a snapshot of the keyed state was being written");
            FAIL.set(true);
            // The held checkpoint is aborted before the writer is waited for: it is listed failed while held.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!heldCheckpointFailed(job) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            RELEASE.countDown();
            assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status());
        } finally {
            RELEASE.countDown();
            Jobs.stop(job);
        }

        assertTrue(FAILED.get(), "the failure was injected");
        assertEquals(1, job.restarts(), "restarts");
        // Written to the end, the held snapshot would encode nearly every one of the 50,000 keys.
        assertTrue(ENCODED_AFTER_RELEASE.get() < KEYS / 4,
            "values the failed attempt's writer encoded after the failure: " + ENCODED_AFTER_RELEASE.get());
    }

    private static boolean heldCheckpointFailed(JobClient job) {
        return job.checkpointStats().stream().anyMatch(stats -> stats.status() == CheckpointStatus.FAILED
            && stats.failureCause() != null && stats.failureCause().contains("execution attempt ended"));
    }

    static final class Counter extends KeyedProcessFunction<Long, Long, Long> {
        private transient ValueState<Long> count;

        @Override
        public void open() {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", new HoldingCodec()));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) {
            if (FAIL.get() && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure while a snapshot is being written");
            }
            Long current = count.value();
            count.update(current == null ? 1 : current + 1);
            out.collect(value);
        }
    }

    /** A long codec that holds the first snapshot writer to encode a value until released. */
    static final class HoldingCodec implements Codec<Long> {
        @Override
        public int encode(Long value, MutableDirectBuffer buffer, int offset, int capacity) {
            Thread current = Thread.currentThread();
            if (heldWriter == null && current.getName().endsWith("snapshot-writer") && WRITING.getCount() > 0) {
                heldWriter = current;
                WRITING.countDown();
                try {
                    RELEASE.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    current.interrupt();
                }
            } else if (current == heldWriter) {
                ENCODED_AFTER_RELEASE.incrementAndGet();
            }
            if (capacity < Long.BYTES) {
                return DOES_NOT_FIT;
            }
            buffer.putLong(offset, value);
            return Long.BYTES;
        }

        @Override
        public Long decode(DirectBuffer buffer, int offset, int length) {
            return buffer.getLong(offset);
        }

        @Override
        public Class<?> type() {
            return Long.class;
        }

        @Override
        public boolean isImmutable() {
            return true;
        }

        @Override
        public Long copy(Long value) {
            return value;
        }
    }
}
