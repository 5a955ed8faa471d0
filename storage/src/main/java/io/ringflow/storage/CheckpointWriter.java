package io.ringflow.storage;

import io.ringflow.storage.file.InFlightOutput;
import io.ringflow.storage.file.SnapshotStreamWriter;
import io.ringflow.storage.file.StateOutput;
import io.ringflow.storage.layout.CheckpointLayout;
import io.ringflow.storage.metadata.ChannelDescriptor;
import io.ringflow.storage.metadata.ChannelStateMetadata;
import io.ringflow.storage.metadata.CheckpointKind;
import io.ringflow.storage.metadata.CheckpointMetadata;
import io.ringflow.storage.metadata.MetadataDescriptor;
import io.ringflow.storage.metadata.OperatorDescriptor;
import io.ringflow.storage.metadata.StreamHandle;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One checkpoint or savepoint being written. Open a {@link StateOutput} per (operator uid,
 * subtask) and an {@link InFlightOutput} per channel, from any threads (one output per thread),
 * finish each, then {@link #complete} writes the metadata last; {@link #abort()} removes it all.
 *
 * <pre>
 *   writer = storage.beginCheckpoint("orders", 7)
 *   task threads:   out = writer.openState("sum", 0); out.writeKeyGroup(..)...; out.finish()
 *                   ch  = writer.openInFlight(channel); ch.append(..)...; ch.finish()
 *   coordinator:    writer.complete(operators)   // or writer.abort()
 * </pre>
 */
public final class CheckpointWriter {
    private enum Status { OPEN, COMPLETED, ABORTED }

    private final CheckpointKind kind;
    private final String jobId;
    private final long checkpointId;
    private final CheckpointTarget target;
    private final Set<String> fileNames = ConcurrentHashMap.newKeySet();
    private final Set<Label> unfinished = ConcurrentHashMap.newKeySet();
    private final Map<SubtaskKey, StateOutput> stateOutputs = new ConcurrentHashMap<>();
    private final Map<SubtaskKey, StreamHandle> states = new ConcurrentHashMap<>();
    private final Map<SubtaskKey, List<StreamHandle>> bases = new ConcurrentHashMap<>();
    private final Map<SubtaskKey, byte[]> sourcePositions = new ConcurrentHashMap<>();
    private final java.util.Set<SubtaskKey> finishedSubtasks = ConcurrentHashMap.newKeySet();
    private final Map<ChannelDescriptor, ChannelStateMetadata> channels = new ConcurrentHashMap<>();
    private final Map<Object, SnapshotStreamWriter> streams = new ConcurrentHashMap<>();
    private final Set<Object> opened = ConcurrentHashMap.newKeySet();
    private volatile Status status = Status.OPEN;

    CheckpointWriter(CheckpointKind kind, String jobId, long checkpointId, CheckpointTarget target) {
        this.kind = kind;
        this.jobId = jobId;
        this.checkpointId = checkpointId;
        this.target = target;
    }

    public String jobId() {
        return jobId;
    }

    public long checkpointId() {
        return checkpointId;
    }

    public CheckpointKind kind() {
        return kind;
    }

    /** Opens the state output of one subtask of one operator; once per (uid, subtask). */
    public StateOutput openState(String operatorUid, int subtask) {
        return openState(operatorUid, subtask, operatorUid);
    }

    /**
     * As {@link #openState(String, int)}, merged (with file merging) into the file of the same
     * subtask of {@code mergeWithUid}: state stored under a uid of its own, such as an operator's
     * timers, shares its operator's file.
     */
    public StateOutput openState(String operatorUid, int subtask, String mergeWithUid) {
        checkOpen();
        SubtaskKey key = new SubtaskKey(operatorUid, subtask);
        Label label = new Label(target, "state of", key);
        SnapshotStreamWriter stream = newStream(key, CheckpointLayout.stateFileName(operatorUid, subtask),
            () -> CheckpointLayout.sharedStateFileName(mergeWithUid, subtask, checkpointId), label);
        StateOutput output = new StateOutput(stream, label, handle -> {
            states.put(key, handle);
            finished(key, label);
        });
        stateOutputs.put(key, output);
        return output;
    }

    /**
     * Opens the state output of one subtask of one operator as an incremental checkpoint's
     * shared stream: its keyed chunks change those of {@code base} (streams of earlier
     * checkpoints, oldest first; empty for a full one), and later checkpoints may build on it.
     * Savepoints are self-contained and take no shared streams.
     */
    public StateOutput openSharedState(String operatorUid, int subtask, List<StreamHandle> base) {
        checkOpen();
        if (kind != CheckpointKind.CHECKPOINT) {
            throw new IllegalStateException(target.label() + ": a savepoint is self-contained, it takes no shared state");
        }
        SubtaskKey key = new SubtaskKey(operatorUid, subtask);
        Label label = new Label(target, "shared state of", key);
        if (!opened.add(key)) {
            throw new IllegalStateException(label + ": opened twice");
        }
        SnapshotStreamWriter stream = target.newSharedStream(
            CheckpointLayout.sharedStateFileName(operatorUid, subtask, checkpointId));
        streams.put(key, stream);
        unfinished.add(label);
        StateOutput output = new StateOutput(stream, label, handle -> {
            bases.put(key, List.copyOf(base));
            states.put(key, handle);
            finished(key, label);
        });
        stateOutputs.put(key, output);
        return output;
    }

    /**
     * A state output written as {@link #openState}'s are, into the file {@code fileName} of this
     * checkpoint's directory, which {@link #deleteScratch} removes: it belongs to no checkpoint
     * (see the snapshot writer's warm-up). Null where state does not go to files.
     */
    public StateOutput openScratchState(String fileName) {
        checkOpen();
        if (!CheckpointLayout.isScratchFileName(fileName)) {
            throw new IllegalArgumentException(target.label() + ": " + fileName + " is not a scratch file's name");
        }
        SnapshotStreamWriter stream = target.newScratchStream(fileName);
        return stream == null ? null : new StateOutput(stream, target.label() + " scratch " + fileName, handle -> { });
    }

    /** Deletes what {@link #openScratchState} wrote to {@code fileName}; never throws. */
    public void deleteScratch(String fileName) {
        target.deleteScratch(fileName);
    }

    /** Opens the in-flight output of one channel; once per channel. */
    public InFlightOutput openInFlight(ChannelDescriptor channel) {
        return openInFlight(channel, null);
    }

    /** As {@link #openInFlight(ChannelDescriptor)}, noting the identity of the codec its records are written in. */
    public InFlightOutput openInFlight(ChannelDescriptor channel, String recordCodec) {
        checkOpen();
        Label label = new Label(target, "in-flight records of", channel);
        SnapshotStreamWriter stream = newStream(channel, CheckpointLayout.inFlightFileName(channel),
            () -> CheckpointLayout.sharedStateFileName(channel.downstreamUid(), channel.downstreamSubtask(), checkpointId),
            label);
        return new InFlightOutput(stream, label, (handle, count) -> {
            channels.put(channel, new ChannelStateMetadata(channel, count, handle, recordCodec));
            finished(channel, label);
        });
    }

    /**
     * Makes the streams finished so far durable where they share files (file merging within a
     * checkpoint): call it once a subtask's streams are all finished, before acknowledging them.
     * Streams opened after it get files of their own.
     */
    public void finishMergedFiles() {
        checkOpen();
        target.finishMergedFiles();
    }

    /** Records that a subtask's input had ended and its end-of-input work was done (see {@link io.ringflow.storage.metadata.SubtaskMetadata}). */
    public void finished(String operatorUid, int subtask) {
        checkOpen();
        finishedSubtasks.add(new SubtaskKey(operatorUid, subtask));
    }

    /** Records a source's read position, opaque to storage, carried in the metadata. */
    public void sourcePosition(String operatorUid, int subtask, byte[] position) {
        checkOpen();
        sourcePositions.put(new SubtaskKey(operatorUid, subtask), position.clone());
    }

    /**
     * Writes the metadata last and atomically; from then on the checkpoint exists. Every opened
     * output must be finished and belong to one of {@code operators}. On failure the checkpoint
     * is aborted and the exception says why.
     */
    public CompletedCheckpoint complete(List<OperatorDescriptor> operators) {
        CompletedCheckpoint completed = commit(operators);
        applyRetention();
        return completed;
    }

    /**
     * Completes the checkpoint as {@link #complete} does, but leaves retention (retiring older
     * checkpoints, sweeping unreferenced shared files) to {@link #applyRetention}: the coordinator
     * notifies the tasks first, which wait for nothing retention does.
     */
    public CompletedCheckpoint commit(List<OperatorDescriptor> operators) {
        checkOpen();
        try {
            if (!unfinished.isEmpty()) {
                throw new CheckpointStorageException(target.label() + ": cannot complete, outputs not finished: "
                    + unfinished.stream().map(Object::toString).collect(java.util.stream.Collectors.joining(", ")));
            }
            CheckpointMetadata metadata = new CheckpointMetadata(MetadataDescriptor.FORMAT_VERSION, kind, jobId,
                checkpointId, System.currentTimeMillis(),
                MetadataAssembler.operators(target.label(), operators, stateOutputs, states, bases, sourcePositions,
                    finishedSubtasks),
                MetadataAssembler.channels(target.label(), operators, channels));
            CpuSlices.between();
            CompletedCheckpoint completed = target.commit(metadata);
            status = Status.COMPLETED;
            return completed;
        } catch (RuntimeException e) {
            abort();
            throw e;
        }
    }

    /** Retention after {@link #commit}; a later commit of the job applies it too if this one was never called. */
    public void applyRetention() {
        target.applyRetention();
    }

    /** Drops every output and removes what was written; safe to call more than once. */
    public void abort() {
        if (status != Status.OPEN) {
            return;
        }
        status = Status.ABORTED;
        streams.values().forEach(SnapshotStreamWriter::abort);
        target.abort();
    }

    private SnapshotStreamWriter newStream(Object key, String fileName, Supplier<String> logName, Label label) {
        if (!opened.add(key)) {
            throw new IllegalStateException(label + ": opened twice");
        }
        String unique = fileName;
        for (int n = 2; !fileNames.add(unique); n++) {
            unique = fileName.replaceFirst("\\.(state|data)$", "-" + n + ".$1");
        }
        SnapshotStreamWriter stream = target.newStream(unique, logName);
        streams.put(key, stream);
        unfinished.add(label);
        return stream;
    }

    private void finished(Object key, Label label) {
        unfinished.remove(label);
        streams.remove(key);
    }

    private void checkOpen() {
        if (status != Status.OPEN) {
            throw new IllegalStateException(target.label() + " is " + status.name().toLowerCase());
        }
    }

    /**
     * A stream's name in messages, built only when one is shown: in code that runs once per
     * checkpoint, and so stays interpreted, building it took tens of microseconds per stream.
     * Equal only to itself.
     */
    private static final class Label {
        private final CheckpointTarget target;
        private final String what;
        private final Object of;

        Label(CheckpointTarget target, String what, Object of) {
            this.target = target;
            this.what = what;
            this.of = of;
        }

        @Override
        public String toString() {
            return target.label() + " " + what + " " + of;
        }
    }

    /** Identifies one subtask of one operator. */
    record SubtaskKey(String uid, int subtask) {
        // equals and hashCode by hand: a record's generated ones go through method handles, slow in cold code
        @Override
        public boolean equals(Object other) {
            return other instanceof SubtaskKey key && subtask == key.subtask && uid.equals(key.uid);
        }

        @Override
        public int hashCode() {
            return 31 * uid.hashCode() + subtask;
        }

        @Override
        public String toString() {
            return uid + "#" + subtask;
        }
    }
}
