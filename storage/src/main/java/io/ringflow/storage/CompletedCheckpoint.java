package io.ringflow.storage;

import io.ringflow.storage.file.InFlightFileReader;
import io.ringflow.storage.file.KeyGroupChunkHandler;
import io.ringflow.storage.file.OperatorChunkHandler;
import io.ringflow.storage.file.RecordHandler;
import io.ringflow.storage.file.SnapshotBytes;
import io.ringflow.storage.file.StateFileReader;
import io.ringflow.storage.metadata.ChannelDescriptor;
import io.ringflow.storage.metadata.ChannelStateMetadata;
import io.ringflow.storage.metadata.CheckpointMetadata;
import io.ringflow.storage.metadata.KeyGroupRange;
import io.ringflow.storage.metadata.OperatorMetadata;
import io.ringflow.storage.metadata.StreamHandle;
import io.ringflow.storage.metadata.SubtaskMetadata;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A checkpoint or savepoint whose metadata was read and checked: the engine restores from it.
 * Each read maps the stream and checks its length, its brackets and, the first time this view
 * reads it, its CRC32C before delivering a byte; it fails with {@link CorruptCheckpointException}
 * naming the file otherwise. Streams checked once (by {@link #verify()}, which
 * {@code CheckpointStorage.latest} runs) are not read again in full: a restore of one key-group
 * range pages in only the index and its chunks. Thread-safe.
 */
public final class CompletedCheckpoint {
    private final Path directory;
    private final CheckpointMetadata metadata;
    private final String label;
    private final Set<StreamHandle> verified = ConcurrentHashMap.newKeySet();

    CompletedCheckpoint(Path directory, CheckpointMetadata metadata, String label) {
        this.directory = directory;
        this.metadata = metadata;
        this.label = label;
    }

    public CheckpointMetadata metadata() {
        return metadata;
    }

    /** The checkpoint's directory; for the heap storage a name of the form {@code <job>/chk-<n>}. */
    public Path directory() {
        return directory;
    }

    public long checkpointId() {
        return metadata.checkpointId();
    }

    public String jobId() {
        return metadata.jobId();
    }

    /** Keyed state of one subtask as it was written, in key-group order. */
    public void readKeyedState(String operatorUid, int subtask, KeyGroupChunkHandler handler) {
        SubtaskMetadata s = operator(operatorUid).subtask(subtask);
        readKeyedState(s, s.keyGroups(), handler);
    }

    /**
     * Keyed state of {@code range} from whichever subtasks held it: what a subtask needs when
     * restored at another parallelism. Only the index and the chunks of the range are read.
     */
    public void readKeyedState(String operatorUid, KeyGroupRange range, KeyGroupChunkHandler handler) {
        for (SubtaskMetadata s : operator(operatorUid).subtasks()) {
            KeyGroupRange overlap = s.keyGroups().intersect(range);
            if (!overlap.isEmpty()) {
                readKeyedState(s, overlap, handler);
            }
        }
    }

    /**
     * As {@link #readKeyedState(String, KeyGroupRange, KeyGroupChunkHandler)}, leaving the streams
     * open so that the chunks stay readable after it returns: each is added to {@code keptOpen} as
     * it opens, and the caller closes them once nothing reads the chunks (or leaves them to the GC).
     */
    public void readKeyedStateKeepingOpen(String operatorUid, KeyGroupRange range, KeyGroupChunkHandler handler,
                                          List<? super SnapshotBytes> keptOpen) {
        for (SubtaskMetadata s : operator(operatorUid).subtasks()) {
            KeyGroupRange overlap = s.keyGroups().intersect(range);
            if (!overlap.isEmpty()) {
                for (StreamHandle stream : s.keyedStreams()) {
                    SnapshotBytes bytes = open(stream);
                    keptOpen.add(bytes);
                    new StateFileReader(bytes.buffer(), bytes.label()).readKeyGroups(overlap, handler);
                }
            }
        }
    }

    /** Operator (non-keyed) state chunks of one subtask. */
    public void readOperatorState(String operatorUid, int subtask, OperatorChunkHandler handler) {
        StreamHandle state = operator(operatorUid).subtask(subtask).state();
        if (state != null) {
            try (SnapshotBytes bytes = open(state)) {
                new StateFileReader(bytes.buffer(), bytes.label()).readOperatorState(handler);
            }
        }
    }

    /** Streams a channel's in-flight records back in order; returns how many, 0 when none. */
    public long readInFlight(ChannelDescriptor channel, RecordHandler handler) {
        ChannelStateMetadata state = metadata.channel(channel);
        if (state == null) {
            return 0;
        }
        try (SnapshotBytes bytes = open(state.records())) {
            return new InFlightFileReader(bytes.buffer(), bytes.label()).readRecords(handler);
        }
    }

    /** A source subtask's read position, or null when it recorded none. */
    public byte[] sourcePosition(String operatorUid, int subtask) {
        byte[] position = operator(operatorUid).subtask(subtask).sourcePosition();
        return position == null ? null : position.clone();
    }

    /** Checks every stream: presence, length, CRC32C, brackets, index and records; problems only. */
    public List<String> verify() {
        List<String> problems = new ArrayList<>();
        for (StreamCheck check : verifyStreams()) {
            if (!check.ok()) {
                problems.add(check.problem());
            }
        }
        return problems;
    }

    /** The result of checking each stream, state first, then in-flight channels. */
    public List<StreamCheck> verifyStreams() {
        List<StreamCheck> checks = new ArrayList<>();
        for (OperatorMetadata operator : metadata.operators()) {
            for (SubtaskMetadata s : operator.subtasks()) {
                for (StreamHandle base : s.base()) {
                    checks.add(check("base state of " + operator.uid() + "#" + s.subtask(), base, true));
                }
                if (s.state() != null) {
                    checks.add(check("state of " + operator.uid() + "#" + s.subtask(), s.state(), true));
                }
            }
        }
        for (ChannelStateMetadata channel : metadata.channels()) {
            checks.add(check("in-flight " + channel.channel(), channel.records(), false));
        }
        return checks;
    }

    /**
     * One stream's verdict.
     *
     * @param what    which subtask's state or which channel's records
     * @param problem null when the stream is sound
     */
    public record StreamCheck(String what, StreamHandle stream, String problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    @Override
    public String toString() {
        return label;
    }

    /** Each stream in order, base first: an incremental stream's chunks change what the ones before it hold. */
    private void readKeyedState(SubtaskMetadata s, KeyGroupRange range, KeyGroupChunkHandler handler) {
        for (StreamHandle stream : s.keyedStreams()) {
            try (SnapshotBytes bytes = open(stream)) {
                new StateFileReader(bytes.buffer(), bytes.label()).readKeyGroups(range, handler);
            }
        }
    }

    /** The shared files this checkpoint's state refers to, as named in its metadata. */
    public java.util.Set<String> sharedFiles() {
        java.util.Set<String> files = new java.util.HashSet<>();
        for (OperatorMetadata operator : metadata.operators()) {
            for (SubtaskMetadata s : operator.subtasks()) {
                for (StreamHandle stream : s.keyedStreams()) {
                    addShared(stream, files);
                }
            }
        }
        for (ChannelStateMetadata channel : metadata.channels()) {
            addShared(channel.records(), files);
        }
        return files;
    }

    private static void addShared(StreamHandle stream, java.util.Set<String> files) {
        if (!stream.isInline() && io.ringflow.storage.layout.CheckpointLayout.isShared(stream.fileName())) {
            files.add(io.ringflow.storage.layout.CheckpointLayout.sharedName(stream.fileName()));
        }
    }

    private StreamCheck check(String what, StreamHandle handle, boolean state) {
        try (SnapshotBytes bytes = SnapshotBytes.open(directory, handle, label, true)) {
            if (state) {
                new StateFileReader(bytes.buffer(), bytes.label());
            } else {
                new InFlightFileReader(bytes.buffer(), bytes.label()).readRecords((b, o, l) -> { });
            }
            verified.add(handle);
            return new StreamCheck(what, handle, null);
        } catch (CorruptCheckpointException e) {
            return new StreamCheck(what, handle, e.getMessage());
        }
    }

    private SnapshotBytes open(StreamHandle handle) {
        SnapshotBytes bytes = SnapshotBytes.open(directory, handle, label, !verified.contains(handle));
        verified.add(handle);
        return bytes;
    }

    private OperatorMetadata operator(String uid) {
        OperatorMetadata operator = metadata.operator(uid);
        if (operator == null) {
            throw new CheckpointStorageException(label + " holds no operator with uid " + uid);
        }
        return operator;
    }
}
