package io.ringflow.api;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.state.AggregatingState;
import io.ringflow.api.state.AggregatingStateDescriptor;
import io.ringflow.api.state.BroadcastState;
import io.ringflow.api.state.ListState;
import io.ringflow.api.state.ListStateDescriptor;
import io.ringflow.api.state.MapState;
import io.ringflow.api.state.MapStateDescriptor;
import io.ringflow.api.state.ReducingState;
import io.ringflow.api.state.ReducingStateDescriptor;
import io.ringflow.api.state.StateDescriptor;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.restore.RestoredState;
import io.ringflow.state.HeapKeyedStateBackend;
import io.ringflow.state.OperatorStateBackend;
import io.ringflow.storage.CheckpointDirectories;
import io.ringflow.storage.CompletedCheckpoint;
import io.ringflow.storage.metadata.KeyGroupRange;
import io.ringflow.storage.metadata.OperatorMetadata;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * Reads the keyed state of a checkpoint or savepoint outside any job, in the spirit of Flink's
 * State Processor API ({@code SavepointReader.readKeyedState}), for inspecting or migrating state:
 * by the operator's uid, the key codec and the state's descriptor (name and codec, as the job
 * declared it), every key's value of every key group. Reads copies: nothing of the checkpoint
 * stays open, and the checkpoint is not changed.
 *
 * <pre>{@code
 * SavepointReader savepoint = SavepointReader.read(Path.of("/savepoints/sp-12"));
 * Map<String, Long> counts = savepoint.readValueState("count", Codecs.STRING,
 *     new ValueStateDescriptor<>("count", Codecs.LONG));
 * }</pre>
 */
public final class SavepointReader {
    private final CompletedCheckpoint checkpoint;

    private SavepointReader(CompletedCheckpoint checkpoint) {
        this.checkpoint = checkpoint;
    }

    /** A checkpoint's or savepoint's directory (the one holding {@code _metadata}). */
    public static SavepointReader read(Path checkpointOrSavepoint) {
        return new SavepointReader(CheckpointDirectories.open(checkpointOrSavepoint));
    }

    public long checkpointId() {
        return checkpoint.metadata().checkpointId();
    }

    /** The uids of the operators it holds state of, sorted. */
    public Set<String> operatorUids() {
        Set<String> uids = new TreeSet<>();
        checkpoint.metadata().operators().forEach(operator -> uids.add(operator.uid()));
        return uids;
    }

    /** The names of operator {@code uid}'s keyed states. */
    public <K> Set<String> keyedStateNames(String uid, Codec<K> keyCodec) {
        return restore(uid, keyCodec).stateNames();
    }

    public <K, V> Map<K, V> readValueState(String uid, Codec<K> keyCodec, ValueStateDescriptor<V> descriptor) {
        return read(uid, keyCodec, descriptor, (backend, d) -> {
            ValueState<V> state = backend.getState(descriptor);
            return () -> state.value();
        });
    }

    public <K, V> Map<K, List<V>> readListState(String uid, Codec<K> keyCodec, ListStateDescriptor<V> descriptor) {
        return read(uid, keyCodec, descriptor, (backend, d) -> {
            ListState<V> state = backend.getListState(descriptor);
            return () -> {
                List<V> values = new ArrayList<>();
                state.get().forEach(values::add);
                return values;
            };
        });
    }

    public <K, UK, UV> Map<K, Map<UK, UV>> readMapState(String uid, Codec<K> keyCodec,
                                                         MapStateDescriptor<UK, UV> descriptor) {
        return read(uid, keyCodec, descriptor, (backend, d) -> {
            MapState<UK, UV> state = backend.getMapState(descriptor);
            return () -> {
                Map<UK, UV> entries = new LinkedHashMap<>();
                for (Map.Entry<UK, UV> entry : state.entries()) {
                    entries.put(entry.getKey(), entry.getValue());
                }
                return entries;
            };
        });
    }

    public <K, T> Map<K, T> readReducingState(String uid, Codec<K> keyCodec, ReducingStateDescriptor<T> descriptor) {
        return read(uid, keyCodec, descriptor, (backend, d) -> {
            ReducingState<T> state = backend.getReducingState(descriptor);
            return () -> state.get();
        });
    }

    /** Each key's result ({@code getResult} of its accumulator). */
    public <K, IN, ACC, OUT> Map<K, OUT> readAggregatingState(String uid, Codec<K> keyCodec,
                                                              AggregatingStateDescriptor<IN, ACC, OUT> descriptor) {
        return read(uid, keyCodec, descriptor, (backend, d) -> {
            AggregatingState<IN, OUT> state = backend.getAggregatingState(descriptor);
            return () -> state.get();
        });
    }

    /** Operator {@code uid}'s list state (Flink's {@code readListState}): the elements of every subtask, in subtask order. */
    public <T> List<T> readListState(String uid, ListStateDescriptor<T> descriptor) {
        List<T> elements = new ArrayList<>();
        operatorState(uid, descriptor).getListState(descriptor).get().forEach(elements::add);
        return elements;
    }

    /** Operator {@code uid}'s union list state (Flink's {@code readUnionState}): every subtask's elements. */
    public <T> List<T> readUnionState(String uid, ListStateDescriptor<T> descriptor) {
        List<T> elements = new ArrayList<>();
        operatorState(uid, descriptor).getUnionListState(descriptor).get().forEach(elements::add);
        return elements;
    }

    /** Operator {@code uid}'s broadcast state (Flink's {@code readBroadcastState}): one subtask's copy, all being equal. */
    public <K, V> Map<K, V> readBroadcastState(String uid, MapStateDescriptor<K, V> descriptor) throws Exception {
        BroadcastState<K, V> state = operatorState(uid, descriptor).getBroadcastState(descriptor);
        Map<K, V> entries = new LinkedHashMap<>();
        for (Map.Entry<K, V> entry : state.entries()) {
            entries.put(entry.getKey(), entry.getValue());
        }
        return entries;
    }

    /** Every old subtask's operator state, restored as one subtask of one, which gets it all. */
    private OperatorStateBackend operatorState(String uid, StateDescriptor<?> descriptor) {
        RestoredState restored = RestoredState.of(checkpoint, uid, 0, 1);
        if (restored == null) {
            throw new IllegalArgumentException("checkpoint " + checkpoint.directory() + " holds no state of operator '"
                + uid + "'; it holds state of " + operatorUids());
        }
        OperatorStateBackend backend = new OperatorStateBackend();
        backend.restore(restored.operatorStateBlocks(), 1, 0);
        if (!backend.stateNames().contains(descriptor.getName())) {
            throw new IllegalArgumentException("operator '" + uid + "' of checkpoint " + checkpoint.directory()
                + " has no operator state named '" + descriptor.getName() + "'; it has " + backend.stateNames());
        }
        return backend;
    }

    /** What one registered state gives for the current key. */
    private interface CurrentValue<T> {
        T get() throws Exception;
    }

    private <K, T> Map<K, T> read(String uid, Codec<K> keyCodec, StateDescriptor<?> descriptor,
                                  BiFunction<HeapKeyedStateBackend<K>, StateDescriptor<?>, CurrentValue<T>> register) {
        HeapKeyedStateBackend<K> backend = restore(uid, keyCodec);
        if (!backend.stateNames().contains(descriptor.getName())) {
            throw new IllegalArgumentException("operator '" + uid + "' of checkpoint " + checkpoint.directory()
                + " has no keyed state named '" + descriptor.getName() + "'; it has " + backend.stateNames());
        }
        CurrentValue<T> value = register.apply(backend, descriptor);
        Map<K, T> values = new LinkedHashMap<>();
        for (K key : backend.keys(descriptor.getName())) {
            backend.setCurrentKey(key);
            try {
                values.put(key, value.get());
            } catch (Exception e) {
                throw new IllegalStateException("state '" + descriptor.getName() + "' of operator '" + uid
                    + "', key " + key + ": " + e, e);
            }
        }
        return values;
    }

    /** Every key group of operator {@code uid}, restored into a backend of its whole range. */
    private <K> HeapKeyedStateBackend<K> restore(String uid, Codec<K> keyCodec) {
        OperatorMetadata operator = checkpoint.metadata().operator(uid);
        if (operator == null) {
            throw new IllegalArgumentException("checkpoint " + checkpoint.directory() + " holds no state of operator '"
                + uid + "'; it holds state of " + operatorUids());
        }
        int maxParallelism = operator.maxParallelism();
        KeyGroupRange all = new KeyGroupRange(0, maxParallelism - 1);
        HeapKeyedStateBackend<K> backend = new HeapKeyedStateBackend<>(keyCodec, maxParallelism, all);
        backend.setOperatorUid(uid);
        checkpoint.readKeyedState(uid, all,
            (keyGroup, buffer, offset, length) -> backend.restoreKeyGroup(buffer, offset, length));
        return backend;
    }
}
