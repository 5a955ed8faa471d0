package io.ringflow.connector;

import io.ringflow.api.JobClient;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.KeyedProcessFunction;
import io.ringflow.api.state.CheckpointListener;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.barrier.BarrierMode;
import io.ringflow.storage.log.LogDocumentDescriptor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static io.ringflow.connector.LogJobs.FAILED_ONCE;
import static io.ringflow.connector.LogJobs.PROCESSED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A job replaying a two-queue log fails once after checkpoints; the restore must resume each queue exactly. */
class ChronicleLogSourceRecoveryTest extends LogDirectoryTest {
    static final int KEYS = 50;
    static final long RECORDS = 20_000;
    static final AtomicLong LATEST_COMPLETED = new AtomicLong();
    static final AtomicLong PROCESSED_AT_FAILURE = new AtomicLong();
    static final ConcurrentHashMap<Long, Long> LAST_RECORD = new ConcurrentHashMap<>();

    /**
     * Per key {@code k}, the records must be exactly {@code k, k + KEYS, k + 2 KEYS, ...}: a
     * replayed, skipped or reordered record fails the job for good. Slowed down until it fails,
     * once, after checkpoint 2 completed, so that the restore starts mid-replay.
     */
    static final class ExactlyOnceChecker extends KeyedProcessFunction<Long, Long, Long> implements CheckpointListener {
        private static final long serialVersionUID = 1L;
        private transient ValueState<Long> previous;

        @Override
        public void open() {
            previous = getRuntimeContext().getState(new ValueStateDescriptor<>("previous", Codecs.LONG));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) {
            Long before = previous.value();
            if (value != (before == null ? ctx.getCurrentKey() : before + KEYS)) {
                throw new AssertionError("key " + ctx.getCurrentKey() + ": record " + value + " after " + before);
            }
            previous.update(value);
            LAST_RECORD.put(ctx.getCurrentKey(), value);
            throttleThenFailOnce(PROCESSED.incrementAndGet());
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            LATEST_COMPLETED.accumulateAndGet(checkpointId, Math::max);
        }

        private static void throttleThenFailOnce(long processed) {
            if (FAILED_ONCE.get()) {
                return;
            }
            if (processed % 4 == 0) {
                LockSupport.parkNanos(200_000);
            }
            if (LATEST_COMPLETED.get() >= 2 && FAILED_ONCE.compareAndSet(false, true)) {
                PROCESSED_AT_FAILURE.set(processed);
                throw new IllegalStateException("injected failure");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = BarrierMode.class, names = {"ALIGNED", "UNALIGNED"})
    void shouldResumeEveryQueueFromItsCheckpointedPosition(BarrierMode mode) {
        writeEvenAndOddQueues();
        LATEST_COMPLETED.set(0);
        LAST_RECORD.clear();
        StreamEnvironment env = LogJobs.environment(mode, 10, dir.resolve("checkpoints"));
        env.fromSource(ChronicleLogSource.bounded(dir.resolve("log"), Codecs.LONG), WatermarkStrategy.noWatermarks(), "log")
            .uid("log")
            .keyBy(n -> n % KEYS)
            .process(new ExactlyOnceChecker()).uid("checker")
            .sinkTo(DiscardingSink.create());
        JobClient job = env.executeAsync("log-replay-" + mode);
        job.await(Duration.ofSeconds(30));

        assertTrue(FAILED_ONCE.get(), "the failure was injected mid-replay");
        assertEquals(1, job.restarts(), "one restart, and no second failure from a replayed or skipped record");
        for (long key = 0; key < KEYS; key++) {
            assertEquals(RECORDS - KEYS + key, LAST_RECORD.get(key), "last record of key " + key);
        }
        long replayed = PROCESSED.get() - PROCESSED_AT_FAILURE.get();
        assertTrue(replayed < RECORDS, "the restore resumed mid-log, not from the start: " + replayed + " records after it");
    }

    /** Queue 0 holds the even records, queue 1 the odd ones, so every key comes from one queue, in order. */
    private void writeEvenAndOddQueues() {
        try (LogRecordWriter<Long> even = LogRecordWriter.open(dir.resolve("log"), 0, Codecs.LONG, true);
             LogRecordWriter<Long> odd = LogRecordWriter.open(dir.resolve("log"), 1, Codecs.LONG, true)) {
            for (long n = 0; n < RECORDS; n++) {
                (n % 2 == 0 ? even : odd).append(LogDocumentDescriptor.AUTO_COMMIT_TXN_ID, n, LogDocumentDescriptor.NO_TIMESTAMP);
            }
        }
    }
}
