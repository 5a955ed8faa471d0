package io.ringflow.restore;

import io.ringflow.snapshot.OperatorSnapshot;
import io.ringflow.state.HeapKeyedStateBackend;
import io.ringflow.storage.metadata.KeyGroupRange;
import io.ringflow.state.OperatorStateBlocks;
import io.ringflow.state.timer.InternalTimerService;
import io.ringflow.storage.CompletedCheckpoint;
import io.ringflow.storage.file.SnapshotBytes;
import io.ringflow.storage.metadata.OperatorMetadata;
import io.ringflow.storage.metadata.SubtaskMetadata;

import java.util.ArrayList;
import java.util.List;

/**
 * What one operator subtask gets back from a completed checkpoint or savepoint, found by the
 * operator's uid: keyed state and timers of its key-group range (from whichever old subtasks
 * held them, so the parallelism may differ), every old subtask's operator state for
 * redistribution, and a source's read position.
 */
public final class RestoredState {
    public static final String OPERATOR_STATE = "operator-state";

    private final CompletedCheckpoint checkpoint;
    private final OperatorMetadata operator;
    private final int subtask;
    private final int parallelism;

    private RestoredState(CompletedCheckpoint checkpoint, OperatorMetadata operator, int subtask, int parallelism) {
        this.checkpoint = checkpoint;
        this.operator = operator;
        this.subtask = subtask;
        this.parallelism = parallelism;
    }

    /** Null when there is nothing to restore: no checkpoint, or an operator that is new in this job. */
    public static RestoredState of(CompletedCheckpoint checkpoint, String uid, int subtask, int parallelism) {
        if (checkpoint == null) {
            return null;
        }
        OperatorMetadata operator = checkpoint.metadata().operator(uid);
        return operator == null ? null : new RestoredState(checkpoint, operator, subtask, parallelism);
    }

    public int subtask() {
        return subtask;
    }

    public int parallelism() {
        return parallelism;
    }

    /** Loads the keyed state and timers of {@code range}. */
    public void restoreKeyed(KeyGroupRange range, HeapKeyedStateBackend<?> keyedState, InternalTimerService<?> timers) {
        io.ringflow.storage.metadata.KeyGroupRange wanted = new io.ringflow.storage.metadata.KeyGroupRange(range.start(), range.end());
        keyedState.setOperatorUid(operator.uid());
        List<SnapshotBytes> mapped = new ArrayList<>();
        try {
            checkpoint.readKeyedStateKeepingOpen(operator.uid(), wanted,
                (keyGroup, buffer, offset, length) -> keyedState.restoreKeyGroupInPlace(buffer, offset, length), mapped);
        } finally {
            keyedState.closeAtFirstSnapshot(mapped);
        }
        String timersUid = OperatorSnapshot.timersUid(operator.uid());
        if (checkpoint.metadata().operator(timersUid) != null) {
            checkpoint.readKeyedState(timersUid, wanted, (keyGroup, buffer, offset, length) -> timers.restoreKeyGroup(buffer, offset, length));
        }
    }

    /** The operator-state block of every old subtask (empty blocks included), in subtask order. */
    public OperatorStateBlocks operatorStateBlocks() {
        List<byte[]> blocks = new ArrayList<>();
        for (SubtaskMetadata old : operator.subtasks()) {
            byte[][] block = {new byte[0]};
            checkpoint.readOperatorState(operator.uid(), old.subtask(), (name, buffer, offset, length) -> {
                if (OPERATOR_STATE.equals(name)) {
                    block[0] = new byte[length];
                    buffer.getBytes(offset, block[0]);
                }
            });
            blocks.add(block[0]);
        }
        return new OperatorStateBlocks(operator.uid(), blocks);
    }

    /**
     * Whether this subtask's input had ended, and its end-of-input work (a sink's last records, a
     * two-input function's endInput) was done, when the checkpoint was taken: at the same
     * parallelism its old subtask's mark, at another one all old subtasks' (as Flink's fully
     * finished operators; a partly finished operator rescaled does that work again).
     */
    public boolean inputEndedBefore() {
        if (operator.parallelism() == parallelism) {
            return operator.subtask(subtask).finished();
        }
        return !operator.subtasks().isEmpty() && operator.subtasks().stream().allMatch(SubtaskMetadata::finished);
    }

    /**
     * This subtask's read position, or null when the source recorded none.
     *
     * @throws io.ringflow.api.SuppressRestartsException when the source ran at another parallelism:
     *     positions cannot be split; or when the checkpoint holds positions of the source's other
     *     subtasks but not this one's: starting from the beginning would read its split again into
     *     state that holds it already. A restart would restore the same checkpoint: none is tried
     */
    public byte[] sourcePosition() {
        if (operator.parallelism() != parallelism) {
            for (SubtaskMetadata old : operator.subtasks()) {
                if (old.sourcePosition() != null) {
                    throw new io.ringflow.api.SuppressRestartsException("source '" + operator.uid() + "' was checkpointed at parallelism "
                        + operator.parallelism() + " and is restored at " + parallelism + "; its read positions cannot be "
                        + "split or merged, so restore the source at parallelism " + operator.parallelism());
                }
            }
            return null;
        }
        byte[] position = checkpoint.sourcePosition(operator.uid(), subtask);
        if (position == null && operator.subtasks().stream().anyMatch(old -> old.sourcePosition() != null)) {
            throw new io.ringflow.api.SuppressRestartsException("checkpoint " + checkpoint.checkpointId() + " has read positions of source '"
                + operator.uid() + "' but none of its subtask " + subtask + "; restoring it would read that split again "
                + "from the start. Restore an earlier checkpoint or savepoint of this job");
        }
        return position;
    }
}
