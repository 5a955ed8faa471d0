package io.ringflow.restore;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.functions.KeySelector;
import io.ringflow.graph.ExecutionPlan;
import io.ringflow.graph.Partitioning;
import io.ringflow.graph.StreamEdge;
import io.ringflow.graph.StreamNode;
import io.ringflow.operator.OneInputOperator;
import io.ringflow.operator.Rethrow;
import io.ringflow.storage.metadata.KeyGroupRange;
import io.ringflow.state.KeyGroups;
import io.ringflow.storage.CompletedCheckpoint;
import io.ringflow.storage.metadata.ChannelDescriptor;
import io.ringflow.storage.metadata.ChannelStateMetadata;
import io.ringflow.task.Backpressure;
import io.ringflow.task.TaskInput;
import org.agrona.collections.LongArrayList;

import java.util.ArrayList;
import java.util.List;

/**
 * Re-injects the in-flight records an unaligned checkpoint persisted for a task's input
 * channels, channel by channel in their order, before the task reads any new record. At the
 * same parallelism each channel gets its own records back; after a rescale, keyed records go to
 * the subtask that owns their key group now, and others are dealt out by old downstream subtask.
 * A channel's records go back into the input it fed: the input edge its checkpoint names, and so,
 * for a two-input head, that edge's logical input.
 * The task runs it as an input, in batches no larger than its outputs have room for, so that a
 * large replay into a slow consumer never stops it serving its mailbox.
 */
public final class InFlightReplay implements TaskInput {
    private final CompletedCheckpoint checkpoint;
    private final StreamNode head;
    private final int subtask;
    private final OneInputOperator<Object, ?>[] recordInputs; // by input edge of the head
    private final ExecutionPlan plan;
    private final int maxParallelism;
    private final Backpressure backpressure;
    private final java.util.concurrent.atomic.LongAdder replayed;
    private List<Object> records;
    private List<OneInputOperator<Object, ?>> inputs; // of each record
    private LongArrayList timestamps;
    private int next;

    /** {@code recordInputs[i]} takes the records of the head's input edge {@code i}. */
    @SuppressWarnings("unchecked")
    public InFlightReplay(CompletedCheckpoint checkpoint, StreamNode head, int subtask, OneInputOperator<?, ?>[] recordInputs,
                   ExecutionPlan plan, int maxParallelism, Backpressure backpressure,
                   java.util.concurrent.atomic.LongAdder replayed) {
        if (recordInputs.length != head.inputs().size()) {
            throw new IllegalArgumentException(recordInputs.length + " record inputs for the " + head.inputs().size()
                + " input edges of " + head.describe());
        }
        this.replayed = replayed;
        this.backpressure = backpressure;
        this.checkpoint = checkpoint;
        this.head = head;
        this.subtask = subtask;
        this.recordInputs = (OneInputOperator<Object, ?>[]) recordInputs.clone();
        this.plan = plan;
        this.maxParallelism = maxParallelism;
    }

    @Override
    public int process(int limit) throws Exception {
        if (records == null) {
            load();
        }
        int end = Math.min(records.size(), next + limit);
        int start = next;
        while (next < end && !backpressure.isOverdrawn()) {
            Object record = records.get(next);
            records.set(next, null);
            inputs.get(next).processElement(record, timestamps.getLong(next++));
        }
        replayed.add(next - start);
        return next - start;
    }

    @Override
    public boolean isFinished() {
        return records != null && next == records.size();
    }

    /**
     * Whether this subtask replays what {@code old} held: by key for a keyed edge; a broadcast edge's
     * copy of old subtask {@code subtask % oldParallelism}, whose broadcast state this subtask took;
     * else old subtask {@code i}'s records go to new subtask {@code i % parallelism}.
     */
    private boolean replays(StreamEdge edge, ChannelDescriptor old) {
        return switch (edge.partitioning()) {
            case HASH -> true;
            case BROADCAST -> old.downstreamSubtask() == subtask % checkpoint.metadata().operator(head.uid()).parallelism();
            default -> old.downstreamSubtask() % head.parallelism() == subtask;
        };
    }

    /** Reads this subtask's records (at most a ring's worth per channel) in the order they are to be processed. */
    @SuppressWarnings("unchecked")
    private void load() {
        records = new ArrayList<>();
        inputs = new ArrayList<>();
        timestamps = new LongArrayList();
        KeyGroupRange ownRange = KeyGroups.rangeForSubtask(maxParallelism, head.parallelism(), subtask);
        for (int inputIndex = 0; inputIndex < head.inputs().size(); inputIndex++) {
            StreamEdge edge = head.inputs().get(inputIndex);
            Codec<Object> codec = (Codec<Object>) plan.codecOf(edge);
            KeySelector<Object, ?> keySelector = (KeySelector<Object, ?>) edge.keySelector();
            OneInputOperator<Object, ?> input = recordInputs[inputIndex];
            for (ChannelStateMetadata state : checkpoint.metadata().channels()) {
                ChannelDescriptor old = state.channel();
                if (!old.downstreamUid().equals(head.uid()) || old.inputIndex() != inputIndex || !replays(edge, old)) {
                    continue;
                }
                checkpoint.readInFlight(old, (buffer, offset, length) -> {
                    long timestamp = buffer.getLong(offset);
                    Object record = codec.decode(buffer, offset + 8, length - 8);
                    try {
                        if (keySelector == null
                            || ownRange.contains(KeyGroups.assignToKeyGroup(keySelector.getKey(record), maxParallelism))) {
                            records.add(record);
                            inputs.add(input);
                            timestamps.addLong(timestamp);
                        }
                    } catch (Exception e) {
                        throw Rethrow.unchecked(e);
                    }
                });
            }
        }
    }
}
