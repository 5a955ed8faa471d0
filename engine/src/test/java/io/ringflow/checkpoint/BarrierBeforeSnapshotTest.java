package io.ringflow.checkpoint;

import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.JobClient;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.MapFunction;
import io.ringflow.api.state.CheckpointedFunction;
import io.ringflow.api.state.FunctionInitializationContext;
import io.ringflow.api.state.FunctionSnapshotContext;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.DiscardingSink;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * As in Flink, a task sends its barriers on before it snapshots its operators: the tasks
 * downstream start their part of a checkpoint while it still takes its own. Each upstream
 * subtask's snapshot here waits until a downstream subtask has snapshotted the same checkpoint,
 * which, behind a keyBy at parallelism 2, needs the barriers of both upstream subtasks: with the
 * barriers sent after the snapshot it waits in vain.
 */
class BarrierBeforeSnapshotTest {
    private static final long WAIT_MS = 5_000;
    static final Set<Long> DOWNSTREAM_SNAPSHOTS = ConcurrentHashMap.newKeySet();
    static final Map<Long, Boolean> UPSTREAM_SAW_DOWNSTREAM = new ConcurrentHashMap<>();

    /** Upstream: its snapshot waits for a downstream one of the same checkpoint. */
    static final class WaitsForDownstream implements MapFunction<Long, Long>, CheckpointedFunction {
        private static final long serialVersionUID = 1L;

        @Override
        public Long map(Long value) {
            return value;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
            while (!DOWNSTREAM_SNAPSHOTS.contains(context.getCheckpointId()) && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            UPSTREAM_SAW_DOWNSTREAM.merge(context.getCheckpointId(), DOWNSTREAM_SNAPSHOTS.contains(context.getCheckpointId()),
                Boolean::logicalAnd);
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {
        }
    }

    /** Downstream: says when it snapshots. */
    static final class SaysWhenItSnapshots implements MapFunction<Long, Long>, CheckpointedFunction {
        private static final long serialVersionUID = 1L;

        @Override
        public Long map(Long value) {
            return value;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
            DOWNSTREAM_SNAPSHOTS.add(context.getCheckpointId());
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldLetTheTasksDownstreamSnapshotWhileTheTaskUpstreamTakesItsOwn(boolean unaligned) throws Exception {
        DOWNSTREAM_SNAPSHOTS.clear();
        UPSTREAM_SAW_DOWNSTREAM.clear();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(256);
        env.enableCheckpointing(50);
        if (unaligned) {
            env.getCheckpointConfig().enableUnalignedCheckpoints();
        }
        env.fromSource(GeneratorSource.unbounded(n -> n), WatermarkStrategy.noWatermarks(), "numbers").uid("numbers")
            .map(new WaitsForDownstream()).returns(Codecs.LONG).uid("upstream")
            .keyBy(n -> n % 16)
            .map(new SaysWhenItSnapshots()).returns(Codecs.LONG).uid("downstream")
            .sinkTo(DiscardingSink.create()).uid("out");
        JobClient job = env.executeAsync("barrier-before-snapshot-" + unaligned);
        try {
            long deadline = System.currentTimeMillis() + 20_000;
            while (job.checkpointStats().stream().filter(s -> s.status() == CheckpointStatus.COMPLETED).count() < 2
                && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            long completed = job.checkpointStats().stream().filter(s -> s.status() == CheckpointStatus.COMPLETED).count();
            assertTrue(completed >= 2, "two checkpoints completed: " + job.checkpointStats());
        } finally {
            Jobs.stop(job);
        }
        assertTrue(!UPSTREAM_SAW_DOWNSTREAM.isEmpty(), "the upstream subtasks snapshotted");
        assertEquals(Map.of(), Map.copyOf(UPSTREAM_SAW_DOWNSTREAM).entrySet().stream().filter(e -> !e.getValue())
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)),
            "checkpoints whose upstream snapshot ended before any downstream one began: " + UPSTREAM_SAW_DOWNSTREAM);
    }
}
