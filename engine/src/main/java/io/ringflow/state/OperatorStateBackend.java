package io.ringflow.state;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.CodecCompatibility;
import io.ringflow.api.codec.IncompatibleCodecException;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.state.BroadcastState;
import io.ringflow.api.state.ListState;
import io.ringflow.api.state.ListStateDescriptor;
import io.ringflow.api.state.MapStateDescriptor;
import io.ringflow.api.state.OperatorStateStore;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Operator (non-keyed) list states of one parallel instance. Lists are small by intent (read
 * positions, pending transactions), so a snapshot copies them on the task thread and encodes
 * later. Task thread only.
 */
public final class OperatorStateBackend implements OperatorStateStore {
    private static final RedistributionMode[] MODES = RedistributionMode.values();

    private final Map<String, OperatorListState<?>> states = new LinkedHashMap<>();
    private final Map<String, PendingOperatorState> pending = new HashMap<>();
    private final Map<String, HeapBroadcastState<?, ?>> broadcastStates = new HashMap<>();
    private boolean restored;
    private String operatorUid;

    @Override
    public <T> ListState<T> getListState(ListStateDescriptor<T> descriptor) {
        checkNoTtl(descriptor);
        return register(descriptor, RedistributionMode.SPLIT);
    }

    @Override
    public <T> ListState<T> getUnionListState(ListStateDescriptor<T> descriptor) {
        checkNoTtl(descriptor);
        return register(descriptor, RedistributionMode.UNION);
    }

    /** As in Flink, a time-to-live applies to keyed state only: refused rather than ignored. */
    private static void checkNoTtl(io.ringflow.api.state.StateDescriptor<?> descriptor) {
        if (descriptor.getTtlConfig().isEnabled()) {
            throw new IllegalArgumentException(descriptor + " has a time-to-live, which applies to keyed state only: "
                + "remove enableTimeToLive from this operator (or broadcast) state, or keep the values in keyed state");
        }
    }

    /**
     * The broadcast state of {@code descriptor}, kept as a list state of mode
     * {@link RedistributionMode#BROADCAST} holding the whole map.
     */
    @Override
    @SuppressWarnings("unchecked")
    public <K, V> BroadcastState<K, V> getBroadcastState(MapStateDescriptor<K, V> descriptor) {
        checkNoTtl(descriptor);
        HeapBroadcastState<?, ?> existing = broadcastStates.get(descriptor.getName());
        if (existing != null) {
            register(mapDescriptor(descriptor), RedistributionMode.BROADCAST); // refuses another type under the name
            return (BroadcastState<K, V>) existing;
        }
        OperatorListState<Map<K, V>> backing =
            (OperatorListState<Map<K, V>>) register(mapDescriptor(descriptor), RedistributionMode.BROADCAST);
        HeapBroadcastState<K, V> state = new HeapBroadcastState<>(backing);
        broadcastStates.put(descriptor.getName(), state);
        return state;
    }

    private static <K, V> ListStateDescriptor<Map<K, V>> mapDescriptor(MapStateDescriptor<K, V> descriptor) {
        return new ListStateDescriptor<>(descriptor.getName(), Codecs.mapOf(descriptor.getKeyCodec(), descriptor.getCodec()));
    }

    /** The names of the states restored or requested. */
    public java.util.Set<String> stateNames() {
        java.util.Set<String> names = new java.util.TreeSet<>(states.keySet());
        names.addAll(pending.keySet());
        names.addAll(broadcastStates.keySet());
        return names;
    }

    /**
     * True when a state was registered with {@link #getUnionListState} or is broadcast state: every
     * instance's part is needed by every new instance (or by one chosen by index), so none may be missing.
     */
    public boolean hasUnionState() {
        return states.values().stream().anyMatch(state -> state.mode != RedistributionMode.SPLIT);
    }

    /** True once {@link #restore} ran. */

    public boolean isRestored() {
        return restored;
    }

    /** Copies every list; cheap for the small lists operator state is meant for. */
    public OperatorStateSnapshot snapshot() {
        return new OperatorStateSnapshot(states.values(), pending.values());
    }

    /** {@link #restore(OperatorStateBlocks, int, int)} for blocks of an operator whose uid is unknown. */
    public void restore(List<byte[]> oldSubtaskBlocks, int parallelism, int subtaskIndex) {
        restore(new OperatorStateBlocks(null, oldSubtaskBlocks), parallelism, subtaskIndex);
    }

    /**
     * Restores instance {@code subtaskIndex} of {@code parallelism} from the blocks every old
     * instance wrote ({@link OperatorStateSnapshot#toByteArray()}), in old subtask order: split
     * states are dealt out, union states given whole (see {@link RedistributionMode}).
     *
     * @throws IllegalStateException when a block is corrupt or a state changed mode, kind or type
     */
    public void restore(OperatorStateBlocks blocks, int parallelism, int subtaskIndex) {
        operatorUid = blocks.operatorUid();
        List<byte[]> oldSubtaskBlocks = blocks.blocks();
        Map<String, RedistributionMode> modes = new LinkedHashMap<>();
        Map<String, String> types = new HashMap<>();
        Map<String, List<List<byte[]>>> oldLists = new HashMap<>();
        for (int old = 0; old < oldSubtaskBlocks.size(); old++) {
            byte[] block = oldSubtaskBlocks.get(old);
            if (block.length == 0) {
                continue; // that subtask kept no operator state
            }
            BlockReader in = new BlockReader(new UnsafeBuffer(block), 0, block.length,
                "operator state block of old subtask " + old);
            in.expect(OperatorStateBlockDescriptor.BEGIN_MARKER, "begin marker");
            int count = in.getInt();
            for (int s = 0; s < count; s++) {
                String name = in.getString();
                int modeByte = in.getByte();
                RedistributionMode mode = StateType.enumOf(modeByte, MODES, in, "mode of state '" + name + "'");
                String type = StateType.isTyped(modeByte) ? in.getString() : null;
                RedistributionMode previous = modes.putIfAbsent(name, mode);
                if (previous != null && previous != mode) {
                    throw in.corrupt("state '" + name + "' is both " + previous + " and " + mode);
                }
                if (types.containsKey(name) && !Objects.equals(types.get(name), type)) {
                    throw in.corrupt("state '" + name + "' is both " + types.get(name) + " and " + type);
                }
                types.put(name, type);
                List<List<byte[]>> lists = oldLists.computeIfAbsent(name, n -> new ArrayList<>());
                while (lists.size() <= old) {
                    lists.add(new ArrayList<>());
                }
                int elements = in.getInt();
                for (int e = 0; e < elements; e++) {
                    lists.get(old).add(in.getFramedBytes());
                }
            }
            in.expect(OperatorStateBlockDescriptor.END_MARKER, "end marker");
        }
        for (Map.Entry<String, RedistributionMode> e : modes.entrySet()) {
            List<List<byte[]>> lists = oldLists.get(e.getKey());
            while (lists.size() < oldSubtaskBlocks.size()) {
                lists.add(new ArrayList<>());
            }
            List<byte[]> mine = e.getValue().redistribute(lists, parallelism, subtaskIndex);
            PendingOperatorState restoredState = new PendingOperatorState(e.getKey(), e.getValue(), types.get(e.getKey()), mine);
            OperatorListState<?> live = states.get(e.getKey());
            if (live != null) {
                load(restoredState, live);
            } else {
                pending.put(e.getKey(), restoredState);
            }
        }
        restored = true;
    }

    @SuppressWarnings("unchecked")
    private <T> ListState<T> register(ListStateDescriptor<T> descriptor, RedistributionMode mode) {
        String name = descriptor.getName();
        OperatorListState<?> existing = states.get(name);
        if (existing != null) {
            if (existing.mode != mode || !RegisteredKeyedState.sameCodec(existing.codec, descriptor.getCodec())) {
                throw new IllegalStateException("operator state '" + name + "' is already registered as "
                    + existing.mode + " list of " + existing.codec.type().getSimpleName() + " and cannot be requested as "
                    + mode + " list of " + descriptor.getCodec().type().getSimpleName() + ": use another name");
            }
            return (ListState<T>) existing;
        }
        OperatorListState<T> state = new OperatorListState<>(name, mode, descriptor.getCodec());
        PendingOperatorState restoredState = pending.remove(name);
        if (restoredState != null) {
            load(restoredState, state);
        }
        states.put(name, state);
        return state;
    }

    private <T> void load(PendingOperatorState restoredState, OperatorListState<T> state) {
        if (restoredState.mode() != state.mode) {
            throw new IllegalStateException("operator state '" + state.name + "' was checkpointed as "
                + restoredState.mode() + " list but is now requested as " + state.mode + " list; request it as a "
                + restoredState.mode() + " list again, or give the " + state.mode + " list another name");
        }
        Codec<T> reader = readerFor(restoredState.type(), state);
        state.clear();
        for (byte[] element : restoredState.elements()) {
            state.add(reader.decode(new UnsafeBuffer(element), 0, element.length));
        }
    }

    /** The state's codec, or one that reads an older record layout; null {@code written}: a block without types. */
    private <T> Codec<T> readerFor(String written, OperatorListState<T> state) {
        if (written == null) {
            return state.codec;
        }
        try {
            return CodecCompatibility.readerFor(written, state.codec);
        } catch (IncompatibleCodecException e) {
            throw StateCompatibility.mismatch("operator state", state.name, operatorUid, written,
                state.codec.identity(), e.getMessage());
        }
    }
}
