package io.ringflow.bench.jmh;

import io.ringflow.api.connector.Sink;
import io.ringflow.api.connector.SinkContext;
import io.ringflow.api.connector.SinkWriter;
import io.ringflow.api.state.CheckpointedFunction;
import io.ringflow.api.state.FunctionInitializationContext;
import io.ringflow.api.state.FunctionSnapshotContext;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The sink of the checkpoint benchmarks: counts records and notes, per subtask, the newest
 * checkpoint whose barrier reached it and when. A sink writer that is a
 * {@link CheckpointedFunction} is called on the task thread when the barrier is processed there,
 * after the keyed operator before it in the chain took its synchronous snapshot: the end of the
 * barrier's way. {@link KeySource} notes when each source subtask emitted its barrier.
 */
final class BarrierProbe implements Sink<Long> {
    private static final long serialVersionUID = 1L;
    private static final int MAX_SUBTASKS = 8;
    // One slot per subtask, each written by its own writer thread only (ordered stores).
    private final transient AtomicLongArray barriers = new AtomicLongArray(MAX_SUBTASKS);
    private final transient AtomicLongArray counts = new AtomicLongArray(MAX_SUBTASKS);
    private final transient AtomicLongArray sinkNanos = new AtomicLongArray(MAX_SUBTASKS);
    private final transient AtomicLongArray sourceNanos = new AtomicLongArray(MAX_SUBTASKS);

    @Override
    public SinkWriter<Long> createWriter(SinkContext context) {
        return new Writer(context.subtaskIndex());
    }

    /** Records received by all subtasks so far. */
    long count() {
        long sum = 0;
        for (int i = 0; i < MAX_SUBTASKS; i++) {
            sum += counts.get(i);
        }
        return sum;
    }

    /** True once every one of the {@code subtasks} saw a barrier of a checkpoint newer than {@code afterId}. */
    boolean allPassed(int subtasks, long afterId) {
        for (int i = 0; i < subtasks; i++) {
            if (barriers.get(i) <= afterId) {
                return false;
            }
        }
        return true;
    }

    /** From source subtask {@code subtask}'s thread: it is emitting a barrier now. */
    void atSource(int subtask, long nowNs) {
        sourceNanos.lazySet(subtask, nowNs);
    }

    /** When the last of the {@code subtasks} sources emitted its newest barrier. */
    long lastSourceNanos(int subtasks) {
        return latest(sourceNanos, subtasks);
    }

    /** When the last of the {@code subtasks} sinks processed its newest barrier. */
    long lastSinkNanos(int subtasks) {
        return latest(sinkNanos, subtasks);
    }

    private static long latest(AtomicLongArray nanos, int subtasks) {
        long latest = Long.MIN_VALUE;
        for (int i = 0; i < subtasks; i++) {
            latest = Math.max(latest, nanos.get(i));
        }
        return latest;
    }

    /** The newest checkpoint id any subtask saw. */
    long newest(int subtasks) {
        long newest = 0;
        for (int i = 0; i < subtasks; i++) {
            newest = Math.max(newest, barriers.get(i));
        }
        return newest;
    }

    private final class Writer implements SinkWriter<Long>, CheckpointedFunction {
        private final int subtask;

        Writer(int subtask) {
            this.subtask = subtask;
        }

        @Override
        public void write(Long element, long timestamp) {
            counts.lazySet(subtask, counts.get(subtask) + 1);
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
            // The time first: the id is what the benchmark thread waits for.
            sinkNanos.lazySet(subtask, System.nanoTime());
            barriers.lazySet(subtask, context.getCheckpointId());
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {
            // Nothing to restore: the probe keeps no state of its own.
        }
    }
}
