package io.ringflow.runtime;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.functions.KeySelector;
import io.ringflow.graph.ExecutionPlan;
import io.ringflow.graph.Partitioning;
import io.ringflow.graph.StreamEdge;
import io.ringflow.graph.StreamNode;
import io.ringflow.operator.OneInputOperator;
import io.ringflow.operator.Rethrow;
import io.ringflow.state.KeyGroupRange;
import io.ringflow.state.KeyGroups;
import io.ringflow.storage.CompletedCheckpoint;
import io.ringflow.storage.metadata.ChannelDescriptor;
import io.ringflow.storage.metadata.ChannelStateMetadata;

/**
 * Re-injects the in-flight records an unaligned checkpoint persisted for a task's input
 * channels, channel by channel in their order, before the task reads any new record. At the
 * same parallelism each channel gets its own records back; after a rescale, keyed records go to
 * the subtask that owns their key group now, and others are dealt out by old downstream subtask.
 */
final class InFlightReplay implements Runnable {
    private final CompletedCheckpoint checkpoint;
    private final StreamNode head;
    private final int subtask;
    private final OneInputOperator<Object, ?> operator;
    private final ExecutionPlan plan;
    private final int maxParallelism;

    @SuppressWarnings("unchecked")
    InFlightReplay(CompletedCheckpoint checkpoint, StreamNode head, int subtask, OneInputOperator<?, ?> operator,
                   ExecutionPlan plan, int maxParallelism) {
        this.checkpoint = checkpoint;
        this.head = head;
        this.subtask = subtask;
        this.operator = (OneInputOperator<Object, ?>) operator;
        this.plan = plan;
        this.maxParallelism = maxParallelism;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void run() {
        KeyGroupRange ownRange = KeyGroups.rangeForSubtask(maxParallelism, head.parallelism(), subtask);
        for (int inputIndex = 0; inputIndex < head.inputs().size(); inputIndex++) {
            StreamEdge edge = head.inputs().get(inputIndex);
            Codec<Object> codec = (Codec<Object>) plan.codecOf(edge);
            KeySelector<Object, ?> keySelector = (KeySelector<Object, ?>) edge.keySelector();
            for (ChannelStateMetadata state : checkpoint.metadata().channels()) {
                ChannelDescriptor old = state.channel();
                if (!old.downstreamUid().equals(head.uid()) || old.inputIndex() != inputIndex
                    || !(edge.partitioning() == Partitioning.HASH || old.downstreamSubtask() % head.parallelism() == subtask)) {
                    continue;
                }
                checkpoint.readInFlight(old, (buffer, offset, length) -> {
                    long timestamp = buffer.getLong(offset);
                    Object record = codec.decode(buffer, offset + 8, length - 8);
                    try {
                        if (keySelector == null
                            || ownRange.contains(KeyGroups.assignToKeyGroup(keySelector.getKey(record), maxParallelism))) {
                            operator.processElement(record, timestamp);
                        }
                    } catch (Exception e) {
                        throw Rethrow.unchecked(e);
                    }
                });
            }
        }
    }
}
