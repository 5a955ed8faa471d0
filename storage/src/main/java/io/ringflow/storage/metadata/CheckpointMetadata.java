package io.ringflow.storage.metadata;

import java.util.List;
import java.util.stream.Stream;

/**
 * The content of a {@code _metadata} file: what a checkpoint holds and how to check it.
 *
 * @param formatVersion  the metadata format, {@link MetadataDescriptor#FORMAT_VERSION} when written
 * @param kind           checkpoint or savepoint
 * @param jobId          the job it belongs to
 * @param checkpointId   the checkpoint id
 * @param completedAtMs  wall-clock time of completion, epoch milliseconds
 * @param operators      operators in the order the engine gave them
 * @param channels       in-flight channel state
 */
public record CheckpointMetadata(int formatVersion, CheckpointKind kind, String jobId, long checkpointId,
                                 long completedAtMs, List<OperatorMetadata> operators,
                                 List<ChannelStateMetadata> channels) {
    public CheckpointMetadata {
        operators = List.copyOf(operators);
        channels = List.copyOf(channels);
    }

    /** The operator with {@code uid}, or null. */
    public OperatorMetadata operator(String uid) {
        for (OperatorMetadata operator : operators) {
            if (operator.uid().equals(uid)) {
                return operator;
            }
        }
        return null;
    }

    /** The in-flight state of {@code channel}, or null when it had none. */
    public ChannelStateMetadata channel(ChannelDescriptor channel) {
        for (ChannelStateMetadata state : channels) {
            if (state.channel().equals(channel)) {
                return state;
            }
        }
        return null;
    }

    /** Every stream of the checkpoint: state first, then in-flight channels. */
    public Stream<StreamHandle> streams() {
        Stream<StreamHandle> state = operators.stream().flatMap(o -> o.subtasks().stream())
            .map(SubtaskMetadata::state).filter(h -> h != null);
        return Stream.concat(state, channels.stream().map(ChannelStateMetadata::records));
    }

    /** Bytes of all streams, inline ones included. */
    public long totalBytes() {
        return streams().mapToLong(StreamHandle::length).sum();
    }

    /** Bytes of the earlier checkpoints' shared streams an incremental checkpoint builds on. */
    public long baseBytes() {
        return operators.stream().flatMap(o -> o.subtasks().stream()).flatMap(s -> s.base().stream())
            .mapToLong(StreamHandle::length).sum();
    }

    /** Bytes of in-flight channel state. */
    public long inFlightBytes() {
        return channels.stream().mapToLong(c -> c.records().length()).sum();
    }
}
