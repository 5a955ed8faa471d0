package io.ringflow.connector;

import io.ringflow.api.JobClient;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.MapFunction;
import io.ringflow.api.state.CheckpointListener;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.barrier.BarrierMode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;

import static io.ringflow.connector.LogJobs.FAILED_ONCE;
import static io.ringflow.connector.LogJobs.PROCESSED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Job A writes an exactly-once log, job B replays it into another; each fails once, and B's log holds every record once. */
class ChronicleLogChainTest extends LogDirectoryTest {
    static final long EVENTS = 30_000;
    static final AtomicLong LATEST_COMPLETED = new AtomicLong();

    /** Passes records on, slowed down until it fails, once, after checkpoint 2 completed: the restore starts mid-replay. */
    static final class FailOnceAfterCheckpoints implements MapFunction<Long, Long>, CheckpointListener {
        private static final long serialVersionUID = 1L;

        @Override
        public Long map(Long value) {
            if (!FAILED_ONCE.get()) {
                if (PROCESSED.incrementAndGet() % 4 == 0) {
                    LockSupport.parkNanos(200_000);
                }
                if (LATEST_COMPLETED.get() >= 2 && FAILED_ONCE.compareAndSet(false, true)) {
                    throw new IllegalStateException("injected failure");
                }
            }
            return value;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            LATEST_COMPLETED.accumulateAndGet(checkpointId, Math::max);
        }
    }

    @Test
    void shouldCarryEachRecordOnceThroughTwoExactlyOnceJobs() {
        Path first = dir.resolve("first-log");
        Path second = dir.resolve("second-log");

        StreamEnvironment a = LogJobs.environment(BarrierMode.ALIGNED, 10, dir.resolve("checkpoints-a"));
        a.fromSource(GeneratorSource.bounded(EVENTS, seq -> seq).withRate(150_000), WatermarkStrategy.noWatermarks(), "numbers")
            .uid("numbers")
            .keyBy(n -> n % 50)
            .map(LogJobs.tripleAndFailOnceAt(EVENTS / 2)).uid("triple")
            .sinkTo(ChronicleLogSink.exactlyOnce(first, Codecs.LONG)).uid("log");
        assertFailedOnceAndFinished(a.executeAsync("chain-a"));
        assertTrue(ChronicleLogReader.readAll(first, Codecs.LONG).size() > EVENTS, "job A left records of aborted transactions");

        LATEST_COMPLETED.set(0);
        StreamEnvironment b = LogJobs.environment(BarrierMode.UNALIGNED, 10, dir.resolve("checkpoints-b"));
        b.fromSource(ChronicleLogSource.bounded(first, Codecs.LONG), WatermarkStrategy.noWatermarks(), "replay").uid("replay")
            .map(new FailOnceAfterCheckpoints()).uid("fail")
            .sinkTo(ChronicleLogSink.exactlyOnce(second, Codecs.LONG)).uid("log");
        assertFailedOnceAndFinished(b.executeAsync("chain-b"));

        List<Long> expected = LongStream.range(0, EVENTS).map(n -> n * 3).boxed().toList();
        assertEquals(expected, ChronicleLogReader.readCommitted(second, Codecs.LONG).stream().sorted().toList());
    }

    private static void assertFailedOnceAndFinished(JobClient job) {
        job.await(Duration.ofSeconds(30));
        assertTrue(FAILED_ONCE.get(), "the failure was injected");
        assertEquals(1, job.restarts(), "one restart after the injected failure");
    }
}
