package io.ringflow.runtime;

import io.ringflow.api.CheckpointStatus;
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
import io.ringflow.testing.ThreadCpu;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A task that takes longer to open than the checkpoint timeout (a large state to restore, a slow
 * connection): checkpoints triggered meanwhile expired and, with no failure tolerated (the
 * default), failed every attempt before it processed a record. As in Flink, none is triggered
 * before every task runs.
 */
class SlowStartCheckpointTest {
    static final AtomicInteger OPENED = new AtomicInteger();

    @TempDir
    Path dir;

    @Test
    void shouldRunAJobWhoseTaskOpensSlowerThanTheCheckpointTimeout() {
        OPENED.set(0);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(64).enableCheckpointing(50)
            .setRestartStrategy(RestartStrategy.fixedDelay(2, Duration.ZERO));
        env.getCheckpointConfig().setCheckpointTimeout(200);
        env.getCheckpointConfig().storage().checkpointsDir(dir);
        env.fromSource(GeneratorSource.bounded(20_000, n -> n).withRate(20_000), WatermarkStrategy.noWatermarks(), "numbers")
            .map(new SlowToOpen())
            .sinkTo(DiscardingSink.create());
        JobClient job = env.executeAsync("slow-start");
        try {
            assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(job);
        }
        assertEquals(0, job.restarts(), "no checkpoint expired while the map opened");
        assertTrue(job.checkpointStats().stream().anyMatch(s -> s.status() == CheckpointStatus.COMPLETED),
            "checkpoints completed once it ran");
        assertEquals(2, OPENED.get());
    }

    /**
     * While a task opens no checkpoint may start, and the coordinator waits for the task instead of
     * polling for the moment it may: with the first checkpoint overdue it spun, a core's worth of
     * CPU for the whole opening (a restore, on a 2-core machine, with half the machine).
     */
    @Test
    void shouldLeaveTheCoresToTasksStillOpening() throws Exception {
        OPENED.set(0);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1).setRingSize(64).enableCheckpointing(10);
        env.getCheckpointConfig().storage().checkpointsDir(dir);
        env.fromSource(GeneratorSource.bounded(2_000, n -> n).withRate(20_000), WatermarkStrategy.noWatermarks(), "numbers")
            .map(new SlowToOpen())
            .sinkTo(DiscardingSink.create());
        JobClient job = env.executeAsync("slow-start-idle");
        try {
            Thread coordinator = ThreadCpu.named("ringflow-slow-start-idle-checkpoint-coordinator");
            ThreadCpu.assertIdleFor(coordinator, 600, "while a task opened and no checkpoint could start");
            assertEquals(0, OPENED.get(), "the map was still opening while the coordinator was watched");
            assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(job);
        }
        assertTrue(job.checkpointStats().stream().anyMatch(s -> s.status() == CheckpointStatus.COMPLETED),
            "checkpoints started once every task ran");
    }

    /** Opens in 1 s, five times the checkpoint timeout. */
    static final class SlowToOpen extends RichFunction implements MapFunction<Long, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public void open() throws InterruptedException {
            Thread.sleep(1_000);
            OPENED.incrementAndGet();
        }

        @Override
        public Long map(Long value) {
            return value;
        }
    }
}
