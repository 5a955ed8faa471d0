package io.ringflow.checkpoint;

import io.ringflow.barrier.BarrierMode;
import io.ringflow.api.CheckpointStats;
import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.CheckpointingMode;
import io.ringflow.api.JobClient;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.DiscardingSink;
import io.ringflow.connector.GeneratorSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointSmokeTest {
    @ParameterizedTest
    @EnumSource(BarrierMode.class)
    void shouldCompleteCheckpointsInEveryMode(BarrierMode mode) throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(64);
        env.enableCheckpointing(20, mode == BarrierMode.AT_LEAST_ONCE ? CheckpointingMode.AT_LEAST_ONCE : CheckpointingMode.EXACTLY_ONCE);
        if (mode == BarrierMode.UNALIGNED || mode == BarrierMode.ALIGNED_WITH_TIMEOUT) {
            env.getCheckpointConfig().enableUnalignedCheckpoints();
        }
        if (mode == BarrierMode.ALIGNED_WITH_TIMEOUT) {
            env.getCheckpointConfig().setAlignedCheckpointTimeout(Duration.ofMillis(1));
        }
        DiscardingSink<Long> sink = DiscardingSink.create();
        env.fromSource(GeneratorSource.unbounded(seq -> seq), WatermarkStrategy.noWatermarks(), "numbers")
            .keyBy(n -> n % 100)
            .reduce(Long::sum)
            .sinkTo(sink);
        JobClient job = env.executeAsync("smoke-" + mode);
        long deadline = System.currentTimeMillis() + 10_000;
        while (job.checkpointStats().stream().filter(s -> s.status() == CheckpointStatus.COMPLETED).count() < 3
            && System.currentTimeMillis() < deadline && !job.status().isTerminal()) {
            Thread.sleep(10);
        }
        job.cancel().join();
        List<CheckpointStats> stats = job.checkpointStats();
        stats.forEach(s -> System.out.println(s.describe()));
        assertTrue(stats.stream().filter(s -> s.status() == CheckpointStatus.COMPLETED).count() >= 3,
            "completed checkpoints: " + stats + " failure " + job.failureCause());
    }
}
