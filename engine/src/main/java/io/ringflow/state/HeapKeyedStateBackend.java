package io.ringflow.state;

import io.ringflow.storage.metadata.KeyGroupRange;
import io.ringflow.api.codec.Codec;
import io.ringflow.api.state.AggregatingState;
import io.ringflow.api.state.AggregatingStateDescriptor;
import io.ringflow.api.state.KeyedStateStore;
import io.ringflow.api.state.ListState;
import io.ringflow.api.state.ListStateDescriptor;
import io.ringflow.api.state.MapState;
import io.ringflow.api.state.MapStateDescriptor;
import io.ringflow.api.state.ReducingState;
import io.ringflow.api.state.ReducingStateDescriptor;
import io.ringflow.api.state.State;
import io.ringflow.api.state.StateDescriptor;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Keyed state of one parallel instance on the heap, for the key groups of its range.
 *
 * <p>The task sets the key of each record with {@link #setCurrentKey}; state handles then read
 * and write that key's values. Each state keeps a copy-on-write map per key group, so
 * {@link #snapshot()} only pins the maps' tables and another thread encodes them while the task
 * keeps writing. Confined to the task thread, except what {@link KeyedStateSnapshot} says.
 *
 * @param <K> the key type
 */
public final class HeapKeyedStateBackend<K> implements KeyedStateStore {
    private final Codec<K> keyCodec;
    private final int maxParallelism;
    private final KeyGroupRange range;
    private final Class<?> keyType; // Long and Integer keys are held as primitives: every key must be one
    private final SnapshotVersions versions = new SnapshotVersions();
    private final KeyedStateRegistry<K> registry = new KeyedStateRegistry<>(this, versions);
    private String operatorUid;

    // The current key and what the handles need of it, computed once per key.
    /** At about 70 ns an entry (W1: 0.7 ms for 10,000 keys), a pause of about a millisecond on the task thread. */
    public static final int DEFAULT_SYNC_SNAPSHOT_MAX_ENTRIES = 16_384;
    private int syncSnapshotMaxEntries = DEFAULT_SYNC_SNAPSHOT_MAX_ENTRIES;
    /**
     * Below this much to encode (entries, or changed keys weighted; about 0.7 ms) a snapshot is
     * encoded at once whatever the write rate: pinning lengthens the checkpoint (the writer encodes
     * cold, the task copies), which pays only when it saves the task a pause that long. W5 at a
     * 10 ms interval (about 1,000 changed keys) became 5 % slower at p50 and 12 % at p99 pinned.
     */
    static final int MIN_ENTRIES_TO_PIN = 8192;
    /**
     * Pinned when the task is expected to copy at most this share of the entries while the writer
     * reads them: W1 would copy about four times its entries, W2 a twentieth, W3 a hundredth.
     */
    static final int PIN_WHEN_COPIES_AT_MOST_ONE_IN = 2;
    /** How long a pinned snapshot is assumed to stay live until one was timed. */
    static final long DEFAULT_LIVE_NANOS = 5_000_000L;
    private long keysSet; // records that set a key: with the time between snapshots, the rate of writes
    private long keysSetAtLastSnapshot;
    private long lastSnapshotNanos = -1;
    /**
     * Measured where a changed key is looked up: about 380 ns to encode one against 70 ns per entry
     * of a table walk. Long and Integer keys are listed with their values and cost less, but are
     * weighed alike: the task's share of a synchronous encode was not measured again.
     */
    private static final int CHANGED_KEY_COST = 5;
    private BlockWriter spareSnapshotBuffer; // task thread: the buffer of the last written materialized snapshot
    private IncrementalSnapshots<K> incremental; // null: every snapshot is full and stands alone
    private K currentKey;
    int currentHash;
    int currentIndex;
    private java.util.function.LongSupplier ttlTime = System::currentTimeMillis;
    private AbstractTtlState<?, ?>[] everyRecordCleanup; // TTL states cleaned up per record; null: none (one check per key)
    private final TtlStates<K> ttlStates = new TtlStates<>(this);

    /**
     * @param keyCodec       encodes keys into snapshots
     * @param maxParallelism the job's number of key groups, {@code 1..32768}
     * @param range          the key groups this instance owns
     */
    public HeapKeyedStateBackend(Codec<K> keyCodec, int maxParallelism, KeyGroupRange range) {
        KeyGroups.checkMaxParallelism(maxParallelism);
        if (range.end() >= maxParallelism) {
            throw new IllegalArgumentException(range + " exceeds maxParallelism " + maxParallelism);
        }
        this.keyCodec = Objects.requireNonNull(keyCodec, "keyCodec");
        this.maxParallelism = maxParallelism;
        this.range = range;
        this.keyType = keyCodec.type();
    }

    /**
     * Makes {@code key} the key that state handles read and write.
     *
     * @throws NullPointerException     when {@code key} is null
     * @throws IllegalArgumentException when the key's key group is not in this backend's range
     */
    public void setCurrentKey(K key) {
        checkKey(key);
        int keyGroup = KeyGroups.murmurHash(key.hashCode()) % maxParallelism;
        setChecked(key, keyGroup);
    }

    /**
     * As {@link #setCurrentKey(Object)}, with the key group the record's producer computed for
     * {@code key} (the same function of the key), or a negative one to compute it here.
     */
    public void setCurrentKey(K key, int keyGroup) {
        if (keyGroup < 0) {
            setCurrentKey(key);
            return;
        }
        checkKey(key);
        setChecked(key, keyGroup);
    }

    private void checkKey(K key) {
        if (key == null) {
            throw KeyGroups.nullKey();
        }
        if ((keyType == Long.class || keyType == Integer.class) && key.getClass() != keyType) {
            throw new IllegalArgumentException("key " + key + " is a " + key.getClass().getName()
                + " but this keyed state's key type is " + keyType.getSimpleName()
                + ": make the keyBy selector return a " + keyType.getSimpleName() + ", or declare its key type");
        }
    }

    private void setChecked(K key, int keyGroup) {
        if (!range.contains(keyGroup)) {
            throw new IllegalArgumentException("key " + key + " is in key group " + keyGroup
                + ", outside this instance's " + range + ": the record was routed with another "
                + "maxParallelism or partitioner than the state (maxParallelism " + maxParallelism + ")");
        }
        currentKey = key;
        keysSet++;
        currentIndex = keyGroup - range.start();
        currentHash = mapHash(key.hashCode());
        if (everyRecordCleanup != null) {
            cleanupForRecord();
        }
    }

    private void cleanupForRecord() {
        for (AbstractTtlState<?, ?> state : everyRecordCleanup) {
            state.cleanupIncrementally();
        }
    }

    Class<?> keyType() {
        return keyType;
    }

    /** The key set by {@link #setCurrentKey}, or null before the first. */
    public K getCurrentKey() {
        return currentKey;
    }

    /** The key group of the current key. */
    public int getCurrentKeyGroup() {
        return range.start() + currentIndex;
    }

    /** The key groups this backend owns. */
    public KeyGroupRange getKeyGroupRange() {
        return range;
    }

    /** The job's number of key groups. */
    public int getMaxParallelism() {
        return maxParallelism;
    }

    @Override
    public <T> ValueState<T> getState(ValueStateDescriptor<T> descriptor) {
        if (descriptor.getTtlConfig().isEnabled()) {
            return ttlStates.value(descriptor);
        }
        return registry.register(descriptor, r -> new HeapValueState<>(this, cast(r), descriptor));
    }

    @Override
    public <T> ListState<T> getListState(ListStateDescriptor<T> descriptor) {
        if (descriptor.getTtlConfig().isEnabled()) {
            return ttlStates.list(descriptor);
        }
        return registry.register(descriptor, r -> new HeapListState<>(this, cast(r)));
    }

    @Override
    public <UK, UV> MapState<UK, UV> getMapState(MapStateDescriptor<UK, UV> descriptor) {
        if (descriptor.getTtlConfig().isEnabled()) {
            return ttlStates.map(descriptor);
        }
        return registry.register(descriptor, r -> new HeapMapState<>(this, cast(r)));
    }

    @Override
    public <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> descriptor) {
        if (descriptor.getTtlConfig().isEnabled()) {
            return ttlStates.reducing(descriptor);
        }
        return registry.register(descriptor, r -> new HeapReducingState<>(this, cast(r), descriptor));
    }

    @Override
    public <IN, ACC, OUT> AggregatingState<IN, OUT> getAggregatingState(
            AggregatingStateDescriptor<IN, ACC, OUT> descriptor) {
        if (descriptor.getTtlConfig().isEnabled()) {
            return ttlStates.aggregating(descriptor);
        }
        return registry.register(descriptor, r -> new HeapAggregatingState<>(this, cast(r), descriptor));
    }

    /** Registers {@code stored} (a TTL state's descriptor of stored values), its handle made by {@code handles}. */
    <S extends State> S register(StateDescriptor<?> stored, java.util.function.Function<RegisteredKeyedState<K, ?>, S> handles) {
        return registry.register(stored, handles);
    }

    /** Cleans {@code state} up incrementally at every record (every key set), once. */
    void cleanUpForEveryRecord(AbstractTtlState<?, ?> state) {
        if (everyRecordCleanup != null && List.of(everyRecordCleanup).contains(state)) {
            return;
        }
        AbstractTtlState<?, ?>[] more = everyRecordCleanup == null ? new AbstractTtlState<?, ?>[1]
            : java.util.Arrays.copyOf(everyRecordCleanup, everyRecordCleanup.length + 1);
        more[more.length - 1] = state;
        everyRecordCleanup = more;
    }

    /** The processing time states with a time-to-live count in; the job's clock once the operator sets it. */
    java.util.function.LongSupplier ttlTime() {
        return ttlTime;
    }

    /** Sets the processing time of time-to-live (the operator's clock). */
    public void setTtlTimeProvider(java.util.function.LongSupplier timeMs) {
        this.ttlTime = Objects.requireNonNull(timeMs, "timeMs");
    }

    /**
     * Starts a snapshot of every state: O(states x key groups) on the task thread. Writes after
     * this call do not change what the snapshot encodes. {@link KeyedStateSnapshot#release()} it
     * on the task thread once written.
     */
    public KeyedStateSnapshot snapshot() {
        return snapshot(new KeyedStateSnapshot(keyCodec, range, versions.begin(), versions, registry.states(),
            registry.pendingStates(), null, null), numEntries());
    }

    /**
     * Starts the snapshot for checkpoint {@code checkpointId}: with incremental snapshots on and
     * unless it is for a savepoint (self-contained), the next link of the chain, full or changes only.
     */
    public KeyedStateSnapshot snapshot(long checkpointId, boolean savepoint) {
        if (incremental == null) {
            return snapshot();
        }
        List<RegisteredKeyedState<K, ?>> states = registry.states();
        incremental.beginInterval(checkpointId, states);
        if (savepoint) {
            return snapshot();
        }
        long entries = numEntries();
        List<ChangedKeys<K>> changes = incremental.changesForNextLink(states, entries);
        List<io.ringflow.storage.metadata.StreamHandle> base = changes == null ? List.of() : incremental.chain();
        // a changed key costs more than an entry of a walk (see CHANGED_KEY_COST): fewer encoded at once
        long toWrite = changes == null ? entries : changedKeys(changes) * CHANGED_KEY_COST;
        KeyedStateSnapshot snapshot = snapshot(new KeyedStateSnapshot(keyCodec, range, versions.begin(changes == null), versions,
            states, registry.pendingStates(), changes, base), toWrite);
        incremental.taken(checkpointId, snapshot, entries);
        return snapshot;
    }

    /** Lists changed keys from now on, so that checkpoints can write only those (see {@link IncrementalSnapshots}). */
    public void enableIncrementalSnapshots() {
        if (incremental == null) {
            incremental = new IncrementalSnapshots<>();
            versions.trackChanges = true;
        }
    }

    /** Moves the incremental chain on to checkpoint {@code checkpointId}'s link, once it completed. */
    public void notifyCheckpointComplete(long checkpointId) {
        if (incremental != null) {
            incremental.completed(checkpointId);
        }
    }

    public void notifyCheckpointAborted(long checkpointId) {
        if (incremental != null) {
            incremental.aborted(checkpointId);
        }
    }

    private static long changedKeys(List<? extends ChangedKeys<?>> changes) {
        long keys = 0;
        for (ChangedKeys<?> c : changes) {
            keys += c.size();
        }
        return keys;
    }

    /**
     * Materializes {@code snapshot} at once when it has at most the sync threshold of entries to
     * write, unless the task writes so few keys that pinning costs it less (see {@link #fewCopiesWhileLive}).
     */
    private KeyedStateSnapshot snapshot(KeyedStateSnapshot snapshot, long entriesToWrite) {
        long now = versions.clock.getAsLong();
        boolean pin = fewCopiesWhileLive(now, entriesToWrite);
        lastSnapshotNanos = now;
        keysSetAtLastSnapshot = keysSet;
        if (!snapshot.isDelta()) {
            snapshot.entries(entriesToWrite);
            snapshot.warmRestoreWith(RestoreWarmup.forSnapshot(keyCodec, maxParallelism, range, registry.states(), entriesToWrite));
        }
        if (entriesToWrite <= syncSnapshotMaxEntries && !pin) {
            BlockWriter buffer = spareSnapshotBuffer != null ? spareSnapshotBuffer : new BlockWriter();
            spareSnapshotBuffer = null;
            snapshot.materialize(buffer, written -> spareSnapshotBuffer = written);
        }
        return snapshot;
    }

    /**
     * Whether a pinned snapshot would make the task copy few entries: the keys it set per
     * nanosecond since the last snapshot, times how long the last pinned one stayed live, is at
     * most one in {@link #PIN_WHEN_COPIES_AT_MOST_ONE_IN} of the entries. Then the task pays those
     * copies instead of a pause of about 85 ns an entry (W3: 10,000 entries, 20 records a
     * millisecond); a task writing all over its state (W1) keeps encoding at once.
     */
    private boolean fewCopiesWhileLive(long now, long entriesToWrite) {
        if (lastSnapshotNanos < 0 || entriesToWrite < MIN_ENTRIES_TO_PIN || now <= lastSnapshotNanos) {
            return false;
        }
        long live = versions.lastLiveNanos > 0 ? versions.lastLiveNanos : DEFAULT_LIVE_NANOS;
        double expectedCopies = (double) (keysSet - keysSetAtLastSnapshot) * live / (now - lastSnapshotNanos);
        return expectedCopies * PIN_WHEN_COPIES_AT_MOST_ONE_IN <= numEntries();
    }

    /** Sets the clock the write rate is measured with (tests). */
    void setClock(java.util.function.LongSupplier clock) {
        versions.clock = clock;
    }

    /**
     * Snapshots of at most {@code maxEntries} (state, key) entries are encoded on the task thread
     * at once instead of copied on write (see {@link KeyedStateSnapshot}); 0 always copies on write.
     */
    public void setSyncSnapshotMaxEntries(int maxEntries) {
        if (maxEntries < 0) {
            throw new IllegalArgumentException("sync snapshot max entries must be >= 0, not " + maxEntries);
        }
        this.syncSnapshotMaxEntries = maxEntries;
    }


    /**
     * Loads one key group block that {@link KeyedStateSnapshot#writeTo} produced. Sections of
     * states not registered yet are kept as bytes until they are.
     *
     * @throws IllegalArgumentException when the block's key group is outside this backend's range
     * @throws IllegalStateException    when the block is corrupt, or a kind or type does not match a registered state
     */
    public void restoreKeyGroup(DirectBuffer block, int offset, int length) {
        KeyGroupBlockReader.read(block, offset, length, this, false);
    }

    /**
     * As {@link #restoreKeyGroup}, keeping views of the block instead of copies: it must stay
     * readable until every restored state is requested or the first snapshot, which copies what is
     * still pending to the heap; then what {@link #closeAtFirstSnapshot} was given is closed. A task
     * restores from the checkpoint's mapped files so.
     */
    public void restoreKeyGroupInPlace(DirectBuffer block, int offset, int length) {
        KeyGroupBlockReader.read(block, offset, length, this, true);
    }

    /** What holds the blocks restored in place (mapped files): closed once every restored state is requested, or at the first snapshot. */
    public void closeAtFirstSnapshot(List<? extends AutoCloseable> holders) {
        registry.closeWhenSettled(holders);
    }

    /** Names the operator whose state this is in restore errors, such as a state restored as another type. */
    public void setOperatorUid(String operatorUid) {
        this.operatorUid = operatorUid;
    }

    /** The names of the states registered or restored and not yet requested. */
    public java.util.Set<String> stateNames() {
        return registry.names();
    }

    /** The keys with a value in state {@code stateName}, copied into a new list. */
    public List<K> keys(String stateName) {
        List<K> keys = new ArrayList<>();
        for (StateMap<K, ?> map : registry.registered(stateName).maps) {
            map.forEachKey(keys::add);
        }
        return keys;
    }

    /**
     * Calls {@code action} for each key with a value in state {@code stateName}, with that key
     * set as current key; the action may change or clear the state. Restores no current key.
     */
    public void applyToAllKeys(String stateName, Consumer<? super K> action) {
        for (K key : keys(stateName)) {
            setCurrentKey(key);
            action.accept(key);
        }
    }

    /** The number of keys with a value in state {@code stateName}. */
    public int numKeys(String stateName) {
        return registry.registered(stateName).size();
    }

    /** The number of (state, key) entries over all registered states. */
    public int numEntries() {
        int entries = 0;
        for (RegisteredKeyedState<K, ?> state : registry.states()) {
            entries += state.size();
        }
        return entries;
    }

    /** The number of snapshots not yet released. */
    public int liveSnapshots() {
        return versions.liveCount();
    }

    K checkedKey() {
        K key = currentKey;
        if (key == null) {
            throw new IllegalStateException("no current key: keyed state is accessible only while "
                + "processing a record of a keyed stream (after keyBy)");
        }
        return key;
    }

    /**
     * The in-map hash of a key of {@code hashCode}: independent of the key group's murmur hash, so
     * that a record whose key group came with it is looked up without hashing its key twice.
     */
    static int mapHash(int hashCode) {
        int h = hashCode * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /** The uid set by {@link #setOperatorUid}, or null. */
    String operatorUid() {
        return operatorUid;
    }

    Codec<K> keyCodec() {
        return keyCodec;
    }

    KeyedStateRegistry<K> registry() {
        return registry;
    }

    @SuppressWarnings("unchecked")
    private static <K, V> RegisteredKeyedState<K, V> cast(RegisteredKeyedState<K, ?> state) {
        return (RegisteredKeyedState<K, V>) state;
    }
}
