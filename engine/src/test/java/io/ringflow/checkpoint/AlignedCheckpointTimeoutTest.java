package io.ringflow.checkpoint;

import io.ringflow.barrier.BarrierMode;
import io.ringflow.api.CheckpointStats;
import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.JobClient;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.connector.InputStatus;
import io.ringflow.api.connector.ReaderOutput;
import io.ringflow.api.connector.SourceReader;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.testing.SubtaskSource;
import io.ringflow.testing.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.ringflow.checkpoint.CheckpointTestJobs.INTERVAL_MS;
import static io.ringflow.checkpoint.CheckpointTestJobs.awaitStats;
import static io.ringflow.checkpoint.CheckpointTestJobs.completed;
import static io.ringflow.checkpoint.CheckpointTestJobs.environment;
import static io.ringflow.checkpoint.CheckpointTestJobs.triggered;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code execution.checkpointing.aligned-checkpoint-timeout} in a running job: one of the two
 * sources feeding the sink is stuck (its reader blocks, so its barrier cannot come), the sink
 * aligns on the other; moving the manual clock past the timeout switches the checkpoint to
 * unaligned, while a plain aligned checkpoint keeps waiting.
 */
class AlignedCheckpointTimeoutTest {
    static volatile CountDownLatch stuck = new CountDownLatch(0);
    static volatile CountDownLatch entered = new CountDownLatch(0);

    private final ManualClock clock = new ManualClock(0);

    @AfterEach
    void unstick() {
        stuck.countDown();
    }

    @ParameterizedTest
    @EnumSource(value = BarrierMode.class, names = {"ALIGNED", "ALIGNED_WITH_TIMEOUT"})
    void shouldSwitchALongAlignmentToUnalignedOnlyWithTheTimeout(BarrierMode mode) throws Exception {
        stuck = new CountDownLatch(1);
        entered = new CountDownLatch(1);
        StreamEnvironment env = environment(mode, clock);     // aligned timeout: 10 ms of the job clock
        env.fromSource(new SubtaskSource(AlignedCheckpointTimeoutTest::stuckSecondReader), WatermarkStrategy.noWatermarks(), "numbers")
            .keyBy(n -> n % 16)
            .sinkTo(new CheckpointTestJobs.SlowSink(5_000)).setParallelism(1);
        JobClient job = env.executeAsync("aligned-timeout-" + mode);
        try {
            assertTrue(entered.await(CheckpointTestJobs.DEADLINE_MS, TimeUnit.MILLISECONDS), "source 2 never polled");
            clock.advance(INTERVAL_MS);
            awaitStats(job, triggered(1), "checkpoint 1");
            for (int i = 0; i < 10; i++) {                     // the sink waits for the stuck source's barrier
                Thread.sleep(5);
                clock.advance(11);
            }
            assertEquals(CheckpointStatus.IN_PROGRESS, job.checkpointStats().get(0).status(),
                "the stuck source has not taken its snapshot yet");

            stuck.countDown();
            List<CheckpointStats> stats = awaitStats(job, completed(1), "checkpoint 1 completed");
            assertEquals(mode == BarrierMode.ALIGNED_WITH_TIMEOUT, stats.get(0).unaligned(),
                mode + ": " + stats.get(0).describe());
        } finally {
            stuck.countDown();
            job.cancel().join();
        }
    }

    /** Subtask 0 emits numbers; subtask 1's reader blocks in its first poll until the test lets it go. */
    static SourceReader<Long> stuckSecondReader(int subtaskIndex) {
        boolean isStuck = subtaskIndex == 1;
        return new SourceReader<>() {
            private long next;

            @Override
            public InputStatus pollNext(ReaderOutput<Long> output) throws InterruptedException {
                if (isStuck) {
                    entered.countDown();
                    stuck.await(CheckpointTestJobs.DEADLINE_MS, TimeUnit.MILLISECONDS);
                    return InputStatus.NOTHING_AVAILABLE;
                }
                output.collect(next++);
                return next < 10_000_000 ? InputStatus.MORE_AVAILABLE : InputStatus.END_OF_INPUT;
            }
        };
    }
}
