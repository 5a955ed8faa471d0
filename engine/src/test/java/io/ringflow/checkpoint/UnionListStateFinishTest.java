package io.ringflow.checkpoint;

import io.ringflow.api.CheckpointStats;
import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.connector.InputStatus;
import io.ringflow.api.connector.ReaderOutput;
import io.ringflow.api.connector.SourceReader;
import io.ringflow.api.functions.MapFunction;
import io.ringflow.api.state.CheckpointedFunction;
import io.ringflow.api.state.FunctionInitializationContext;
import io.ringflow.api.state.FunctionSnapshotContext;
import io.ringflow.api.state.ListState;
import io.ringflow.api.state.ListStateDescriptor;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.testing.SubtaskSource;
import io.ringflow.connector.DiscardingSink;
import io.ringflow.runtime.LocalJob;
import io.ringflow.task.Task;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed's rule for union list state: while only some subtasks of an operator that keeps one
 * have finished, no checkpoint is taken (it would lack their part); once none or all finished,
 * checkpoints go on, and the final one lets the job end.
 */
class UnionListStateFinishTest {
    static final CountDownLatch RELEASE = new CountDownLatch(1);

    /** Subtask 1 emits 10 records and ends; subtask 0 emits until the test releases it. */
    static SourceReader<Long> unevenReader(int subtaskIndex) {
        boolean shortOne = subtaskIndex == 1;
        return new SourceReader<>() {
            private long emitted;

            @Override
            public InputStatus pollNext(ReaderOutput<Long> output) {
                if (shortOne ? emitted == 10 : RELEASE.getCount() == 0) {
                    return InputStatus.END_OF_INPUT;
                }
                output.collect(emitted++);
                return InputStatus.MORE_AVAILABLE;
            }
        };
    }

    /** Keeps a union list state, as a source of partition offsets would. */
    static final class UnionCounter implements MapFunction<Long, Long>, CheckpointedFunction {
        private static final long serialVersionUID = 1L;
        private transient ListState<Long> offsets;
        private long count;

        @Override
        public Long map(Long value) {
            count++;
            return value;
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) throws Exception {
            offsets.update(List.of(count));
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {
            offsets = context.getOperatorStateStore().getUnionListState(new ListStateDescriptor<>("offsets", Codecs.LONG));
        }
    }

    @Test
    void shouldHoldCheckpointsWhileOnlySomeSubtasksWithUnionStateFinished() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(64);
        env.enableCheckpointing(10);
        env.fromSource(new SubtaskSource(UnionListStateFinishTest::unevenReader), WatermarkStrategy.noWatermarks(), "uneven")
            .map(new UnionCounter()).uid("union-counter")
            .sinkTo(DiscardingSink.create());
        JobClient job = env.executeAsync("union-finish");
        try {
            Task shortTask = ((LocalJob) job).tasks().stream().filter(t -> t.name().contains("(2/2)") && t.isSource())
                .findFirst().orElseThrow();
            long deadline = System.currentTimeMillis() + 20_000;
            while (!(shortTask.lifecycle() == Task.Lifecycle.FINISHED) && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            assertTrue((shortTask.lifecycle() == Task.Lifecycle.FINISHED), "the short subtask finished after its last checkpoint");
            // no checkpoint from now until the long subtask ends its input, pinned in
            // CoordinatorDecisionsTest#shouldHoldCheckpointsWhileOnlySomeUnionStateSubtasksFinished
            assertEquals(JobStatus.RUNNING, job.status());

            long releasedAtMs = System.currentTimeMillis();
            RELEASE.countDown();                                      // the long subtask ends too
            assertEquals(JobStatus.FINISHED, job.await(Duration.ofSeconds(20)).status());
            long lastTriggerMs = job.checkpointStats().stream().filter(stats -> stats.status() == CheckpointStatus.COMPLETED)
                .mapToLong(CheckpointStats::triggerTimeMs).max().orElseThrow();
            assertTrue(lastTriggerMs >= releasedAtMs, "the final checkpoint, triggered once all ended, completed");
        } finally {
            RELEASE.countDown();
            job.cancel().get(20, TimeUnit.SECONDS);
        }
    }
}
