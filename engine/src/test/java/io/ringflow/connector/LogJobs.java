package io.ringflow.connector;

import io.ringflow.api.CheckpointingMode;
import io.ringflow.api.RestartStrategy;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.functions.MapFunction;
import io.ringflow.barrier.BarrierMode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** What the Chronicle log connector jobs under test share: their environment and a failure injected once. */
final class LogJobs {
    static final AtomicBoolean FAILED_ONCE = new AtomicBoolean();
    static final AtomicLong PROCESSED = new AtomicLong();

    private LogJobs() {
    }

    /** Parallelism 2, small rings, checkpoints every {@code intervalMs} into {@code checkpoints} in {@code mode}, three restarts. */
    static StreamEnvironment environment(BarrierMode mode, long intervalMs, Path checkpoints) {
        FAILED_ONCE.set(false);
        PROCESSED.set(0);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(64)
            .setRestartStrategy(RestartStrategy.fixedDelay(3, Duration.ZERO));
        env.enableCheckpointing(intervalMs, mode == BarrierMode.AT_LEAST_ONCE ? CheckpointingMode.AT_LEAST_ONCE : CheckpointingMode.EXACTLY_ONCE);
        env.getCheckpointConfig().storage().checkpointsDir(checkpoints);
        if (mode == BarrierMode.UNALIGNED || mode == BarrierMode.ALIGNED_WITH_TIMEOUT) {
            env.getCheckpointConfig().enableUnalignedCheckpoints();
        }
        if (mode == BarrierMode.ALIGNED_WITH_TIMEOUT) {
            env.getCheckpointConfig().setAlignedCheckpointTimeout(Duration.ofMillis(1));
        }
        return env;
    }

    /** Passes records on (times 3), and fails the job once when the {@code failAt}-th record of all subtasks passes. */
    static MapFunction<Long, Long> tripleAndFailOnceAt(long failAt) {
        return value -> {
            if (PROCESSED.incrementAndGet() == failAt && FAILED_ONCE.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure");
            }
            return value * 3;
        };
    }
}
