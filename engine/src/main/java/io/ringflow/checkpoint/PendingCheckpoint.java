package io.ringflow.checkpoint;

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
    final Set<Integer> awaiting = new HashSet<>();
    final List<TaskAcknowledgement> acknowledged = new ArrayList<>();

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
}
