package io.ringflow.restore;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.functions.KeySelector;
import io.ringflow.graph.CustomPartitioning;
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
 * for a two-input head, that edge's logical input. A channel into an operator that a restore at
 * another parallelism chained behind another one (the edge had a ring, now it has none) goes into
 * that operator: its records came out of the one before it before the checkpoint.
 * The task runs it as an input, in batches no larger than its outputs have room for, so that a
 * large replay into a slow consumer never stops it serving its mailbox.
 */
public final class InFlightReplay implements TaskInput {
    private final CompletedCheckpoint checkpoint;
    private final List<Target> targets;
    private final int subtask;
    private final ExecutionPlan plan;
    private final Backpressure backpressure;
    private final java.util.concurrent.atomic.LongAdder replayed;
    private List<Object> records;
    private List<OneInputOperator<Object, ?>> inputs; // of each record
    private LongArrayList timestamps;
    private int next;

    /** An operator of the task and where the records of each of its input edges go: {@code recordInputs[i]} takes edge {@code i}'s. */
    public record Target(StreamNode node, OneInputOperator<?, ?>[] recordInputs) {
        public Target {
            if (recordInputs.length != node.inputs().size()) {
                throw new IllegalArgumentException(recordInputs.length + " record inputs for the " + node.inputs().size()
                    + " input edges of " + node.describe());
            }
        }
    }

    /** {@code targets}: the task's head unless it is a source, and each operator chained behind another one. */
    public InFlightReplay(CompletedCheckpoint checkpoint, List<Target> targets, int subtask, ExecutionPlan plan,
                          Backpressure backpressure, java.util.concurrent.atomic.LongAdder replayed) {
        this.replayed = replayed;
        this.backpressure = backpressure;
        this.checkpoint = checkpoint;
        this.targets = List.copyOf(targets);
        this.subtask = subtask;
        this.plan = plan;
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
    private boolean replays(StreamNode node, StreamEdge edge, ChannelDescriptor old) {
        return switch (edge.partitioning()) {
            case HASH, CUSTOM -> true; // each record filtered by where it goes now
            case BROADCAST -> old.downstreamSubtask() == subtask % checkpoint.metadata().operator(node.uid()).parallelism();
            default -> old.downstreamSubtask() % node.parallelism() == subtask;
        };
    }

    /** Reads this subtask's records (at most a ring's worth per channel) in the order they are to be processed. */
    private void load() {
        records = new ArrayList<>();
        inputs = new ArrayList<>();
        timestamps = new LongArrayList();
        for (Target target : targets) {
            load(target);
        }
    }

    @SuppressWarnings("unchecked")
    private void load(Target target) {
        StreamNode node = target.node();
        int maxParallelism = plan.maxParallelismOf(node);
        KeyGroupRange ownRange = KeyGroups.rangeForSubtask(maxParallelism, node.parallelism(), subtask);
        for (int inputIndex = 0; inputIndex < node.inputs().size(); inputIndex++) {
            StreamEdge edge = node.inputs().get(inputIndex);
            KeySelector<Object, ?> keySelector = (KeySelector<Object, ?>) edge.keySelector();
            OneInputOperator<Object, ?> input = (OneInputOperator<Object, ?>) target.recordInputs()[inputIndex];
            Codec<Object> codec = null; // looked up only for an edge that had a ring: a chained one may have none
            for (ChannelStateMetadata state : checkpoint.metadata().channels()) {
                ChannelDescriptor old = state.channel();
                if (!old.downstreamUid().equals(node.uid()) || old.inputIndex() != inputIndex || !replays(node, edge, old)) {
                    continue;
                }
                codec = codec != null ? codec : (Codec<Object>) plan.recordCodecOf(edge);
                Codec<Object> decoder = codec;
                checkpoint.readInFlight(old, (buffer, offset, length) -> {
                    long timestamp = buffer.getLong(offset);
                    Object record = decoder.decode(buffer, offset + 8, length - 8);
                    try {
                        boolean own = keySelector == null ? true
                            : keySelector instanceof CustomPartitioning<Object, ?> custom
                                ? custom.subtaskOf(record, node.parallelism(), edge.source().describe()) == subtask
                                : ownRange.contains(KeyGroups.assignToKeyGroup(keySelector.getKey(record), maxParallelism));
                        if (own) {
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
