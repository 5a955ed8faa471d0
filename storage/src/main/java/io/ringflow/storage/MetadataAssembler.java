package io.ringflow.storage;

import io.ringflow.storage.CheckpointWriter.SubtaskKey;
import io.ringflow.storage.file.StateOutput;
import io.ringflow.storage.metadata.ChannelDescriptor;
import io.ringflow.storage.metadata.ChannelStateMetadata;
import io.ringflow.storage.metadata.KeyGroupRange;
import io.ringflow.storage.metadata.OperatorDescriptor;
import io.ringflow.storage.metadata.OperatorMetadata;
import io.ringflow.storage.metadata.StreamHandle;
import io.ringflow.storage.metadata.SubtaskMetadata;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Joins what the writer collected with the engine's operator list into metadata, refusing
 * state of an unknown operator, a subtask beyond the parallelism, or a key group outside the
 * subtask's range: such a checkpoint could not be restored correctly.
 */
final class MetadataAssembler {
    private MetadataAssembler() {
    }

    static List<OperatorMetadata> operators(String label, List<OperatorDescriptor> operators,
                                            Map<SubtaskKey, StateOutput> outputs, Map<SubtaskKey, StreamHandle> states,
                                            Map<SubtaskKey, List<StreamHandle>> bases, Map<SubtaskKey, byte[]> positions,
                                            Set<SubtaskKey> finished) {
        Map<String, OperatorDescriptor> byUid = byUid(label, operators);
        for (SubtaskKey key : union(union(states.keySet(), positions.keySet()), finished)) {
            OperatorDescriptor operator = byUid.get(key.uid());
            if (operator == null || key.subtask() < 0 || key.subtask() >= operator.parallelism()) {
                throw new CheckpointStorageException(label + ": state or position of " + key
                    + " belongs to no subtask of the operators given to complete()");
            }
        }
        List<OperatorMetadata> result = new ArrayList<>(operators.size());
        for (OperatorDescriptor operator : operators) {
            List<SubtaskMetadata> subtasks = new ArrayList<>(operator.parallelism());
            for (int i = 0; i < operator.parallelism(); i++) {
                SubtaskKey key = new SubtaskKey(operator.uid(), i);
                KeyGroupRange range = KeyGroupRange.forSubtask(operator.maxParallelism(), operator.parallelism(), i);
                StateOutput output = outputs.get(key);
                if (output != null && output.firstKeyGroup() >= 0
                    && !(range.contains(output.firstKeyGroup()) && range.contains(output.lastKeyGroup()))) {
                    throw new CheckpointStorageException(label + ": " + key + " wrote key groups "
                        + output.firstKeyGroup() + ".." + output.lastKeyGroup() + " outside its range " + range);
                }
                subtasks.add(new SubtaskMetadata(i, range, states.get(key), positions.get(key),
                    bases.getOrDefault(key, List.of()), finished.contains(key)));
            }
            result.add(new OperatorMetadata(operator.uid(), operator.parallelism(), operator.maxParallelism(),
                subtasks));
        }
        return result;
    }

    static List<ChannelStateMetadata> channels(String label, List<OperatorDescriptor> operators,
                                               Map<ChannelDescriptor, ChannelStateMetadata> channels) {
        Map<String, OperatorDescriptor> byUid = byUid(label, operators);
        for (ChannelDescriptor c : channels.keySet()) {
            if (!byUid.containsKey(c.upstreamUid()) || !byUid.containsKey(c.downstreamUid())) {
                throw new CheckpointStorageException(label + ": in-flight channel " + c
                    + " connects operators not given to complete()");
            }
        }
        List<ChannelStateMetadata> result = new ArrayList<>(channels.values());
        result.sort(Comparator.comparing((ChannelStateMetadata c) -> c.channel().downstreamUid())
            .thenComparingInt(c -> c.channel().downstreamSubtask())
            .thenComparingInt(c -> c.channel().inputIndex())
            .thenComparing(c -> c.channel().upstreamUid())
            .thenComparingInt(c -> c.channel().upstreamSubtask()));
        return result;
    }

    private static Map<String, OperatorDescriptor> byUid(String label, List<OperatorDescriptor> operators) {
        Map<String, OperatorDescriptor> byUid = new HashMap<>();
        for (OperatorDescriptor operator : operators) {
            if (byUid.put(operator.uid(), operator) != null) {
                throw new CheckpointStorageException(label + ": operator uid " + operator.uid() + " given twice");
            }
        }
        return byUid;
    }

    private static Set<SubtaskKey> union(Set<SubtaskKey> a, Set<SubtaskKey> b) {
        Set<SubtaskKey> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
