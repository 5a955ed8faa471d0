package io.ringflow.checkpoint;

import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.CheckpointTrace;
import io.ringflow.snapshot.PhaseTimes;
import io.ringflow.storage.CheckpointWriter;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A checkpoint triggered and not yet complete: which tasks still owe an acknowledgement. */
final class PendingCheckpoint {
    final long id;
    final long triggerTimeMs;
    final long triggerNanos;
    final CheckpointWriter writer;
    /** Completed with the savepoint's directory; null for a periodic checkpoint. */
    final java.util.concurrent.CompletableFuture<java.nio.file.Path> savepoint;
    /** A stop-with-savepoint: sources end right after it. */
    final boolean stopsSources;
    /** Completed with the statistics of a checkpoint a caller asked for ({@code triggerCheckpoint}); else null. */
    java.util.concurrent.CompletableFuture<io.ringflow.api.CheckpointStats> requested;
    final Set<Integer> awaiting = new HashSet<>();
    final List<TaskAcknowledgement> acknowledged = new ArrayList<>();
    long lastAckSeenNanos = PhaseTimes.NOT_REACHED;
    long metadataWrittenNanos = PhaseTimes.NOT_REACHED;
    long completedNanos = PhaseTimes.NOT_REACHED;
    long notifiedNanos = PhaseTimes.NOT_REACHED;

    PendingCheckpoint(long id, long triggerTimeMs, long triggerNanos, CheckpointWriter writer,
                      java.util.concurrent.CompletableFuture<java.nio.file.Path> savepoint, boolean stopsSources) {
        this.savepoint = savepoint;
        this.stopsSources = stopsSources;
        this.id = id;
        this.triggerTimeMs = triggerTimeMs;
        this.triggerNanos = triggerNanos;
        this.writer = writer;
    }

    boolean stopsSources() {
        return stopsSources;
    }

    long max(java.util.function.ToLongFunction<TaskAcknowledgement> figure) {
        long max = 0;
        for (TaskAcknowledgement ack : acknowledged) {
            max = Math.max(max, figure.applyAsLong(ack));
        }
        return max;
    }

    long sum(java.util.function.ToLongFunction<TaskAcknowledgement> figure) {
        long sum = 0;
        for (TaskAcknowledgement ack : acknowledged) {
            sum += figure.applyAsLong(ack);
        }
        return sum;
    }

    /** Every phase so far, in microseconds after the trigger. */
    CheckpointTrace trace(CheckpointStatus status) {
        List<CheckpointTrace.TaskTrace> tasks = new ArrayList<>(acknowledged.size());
        for (TaskAcknowledgement ack : acknowledged) {
            PhaseTimes t = ack.times();
            tasks.add(new CheckpointTrace.TaskTrace(ack.taskIndex(), t.taskName(), micros(t.triggerSeen()),
                micros(t.barrierVisible()), micros(t.barrierReached()), micros(t.syncStart()), micros(t.syncEnd()),
                micros(t.captureEnd()), micros(t.asyncStart()), micros(t.inFlightWritten()), micros(t.streamFinishes()),
                micros(t.asyncEnd()), micros(t.acknowledged())));
        }
        tasks.sort(java.util.Comparator.comparingInt(CheckpointTrace.TaskTrace::taskIndex));
        return new CheckpointTrace(id, triggerTimeMs, status, tasks, micros(lastAckSeenNanos), micros(metadataWrittenNanos), micros(completedNanos),
            micros(notifiedNanos));
    }

    private long micros(long nanos) {
        return nanos == PhaseTimes.NOT_REACHED ? CheckpointTrace.NONE : Math.max(0, (nanos - triggerNanos) / 1_000);
    }

    private long[] micros(long[] nanos) {
        long[] micros = new long[nanos.length];
        for (int i = 0; i < nanos.length; i++) {
            micros[i] = micros(nanos[i]);
        }
        return micros;
    }
}
