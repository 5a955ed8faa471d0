package io.ringflow.state;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.state.StateDescriptor;
import io.ringflow.storage.metadata.KeyGroupRange;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Restores the first part of the first large keyed snapshot a process writes into a throwaway
 * backend, once per process, on a daemon thread of its own: the restore code (block reading,
 * pending sections, the per-entry decode and load) is then compiled before a failover needs it.
 * Without it a process's first restore ran that code interpreted until the JIT caught up, about
 * twice as long as the next one (W4, 1 M keys). It takes the same path as a real restore, with
 * the job's own codecs and state types, so it compiles what a real restore runs.
 *
 * <p>The blocks are copied while the snapshot writer writes them (at most {@link #MAX_BYTES});
 * decoding them is left to the warm-up thread. Anything that goes wrong is only logged: the
 * warm-up is a head start, never part of a checkpoint.
 */
public final class RestoreWarmup {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreWarmup.class);
    /** Smaller states restore in a few milliseconds even cold. */
    static final long MIN_ENTRIES = 20_000;
    /** About 130,000 entries of a long key and a {@code long[2]}: ColdRestoreBenchmark 66 ms cold, 50 ms after 1 MB, 48 ms after 4 MB (40 warm). */
    static final int MAX_BYTES = 4 << 20;
    private static final AtomicBoolean CLAIMED = new AtomicBoolean();
    private static volatile Thread thread;
    private static volatile int restoredEntries = -1;

    private final Codec<?> keyCodec;
    private final int maxParallelism;
    private final KeyGroupRange range;
    private final List<StateDescriptor<?>> descriptors = new ArrayList<>();
    // Off the heap, as the mapped file a restore reads: the JIT then compiles the decoder for that memory.
    private final ExpandableDirectByteBuffer copied = new ExpandableDirectByteBuffer(64 * 1024);
    private final List<int[]> blocks = new ArrayList<>(); // {offset, length} in copied
    private int copiedBytes;

    private <K> RestoreWarmup(Codec<K> keyCodec, int maxParallelism, KeyGroupRange range,
                              List<RegisteredKeyedState<K, ?>> states) {
        this.keyCodec = keyCodec;
        this.maxParallelism = maxParallelism;
        this.range = range;
        for (RegisteredKeyedState<K, ?> state : states) {
            descriptors.add(state.descriptor);
        }
    }

    /** A warm-up for a full snapshot of {@code entries}, or null when too small or this process had one already. */
    static <K> RestoreWarmup forSnapshot(Codec<K> keyCodec, int maxParallelism, KeyGroupRange range,
                                         List<RegisteredKeyedState<K, ?>> states, long entries) {
        if (entries < MIN_ENTRIES || CLAIMED.get() || states.isEmpty()) {
            return null;
        }
        return new RestoreWarmup(keyCodec, maxParallelism, range, states);
    }

    /** Claims this process's warm-up; false when another snapshot's got it first. */
    boolean claim() {
        return CLAIMED.compareAndSet(false, true);
    }

    /** {@code out}, and a copy of each block into this warm-up until {@link #MAX_BYTES} are copied. */
    KeyGroupSink tap(KeyGroupSink out) {
        return (keyGroup, block, offset, length) -> {
            out.accept(keyGroup, block, offset, length);
            if (copiedBytes < MAX_BYTES) {
                copied.putBytes(copiedBytes, block, offset, length);
                blocks.add(new int[] {copiedBytes, length});
                copiedBytes += length;
            }
        };
    }

    /** Decodes the copied blocks on the warm-up thread; returns at once. */
    void start() {
        Thread t = new Thread(this::run, "ringflow-restore-warmup");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private void run() {
        long start = System.nanoTime();
        try {
            HeapKeyedStateBackend<?> backend = restoreInto(keyCodec);
            restoredEntries = backend.numEntries();
            LOG.debug("restore code warmed: {} entries of {} key groups in {} ms", backend.numEntries(), blocks.size(),
                (System.nanoTime() - start) / 1_000_000);
        } catch (Throwable t) {
            LOG.debug("restore warm-up failed; a first restore runs cold", t);
        }
    }

    /** As a task's restore: blocks kept in place as pending sections, decoded when each state registers. */
    private <K> HeapKeyedStateBackend<K> restoreInto(Codec<K> codec) {
        HeapKeyedStateBackend<K> backend = new HeapKeyedStateBackend<>(codec, maxParallelism, range);
        UnsafeBuffer mapped = new UnsafeBuffer(copied.byteBuffer(), 0, copiedBytes); // the class a state file's mapping has
        for (int[] block : blocks) {
            backend.restoreKeyGroupInPlace(mapped, block[0], block[1]);
        }
        for (StateDescriptor<?> descriptor : descriptors) {
            backend.registry().register(descriptor, state -> null);
        }
        return backend;
    }

    /** Waits for the warm-up thread, if one was started; for benchmarks and tests that restore right after a snapshot. */
    public static void awaitDone() throws InterruptedException {
        Thread t = thread;
        if (t != null) {
            t.join();
        }
    }

    /** The warm-up thread started in this process, or null. */
    static Thread startedThread() {
        return thread;
    }

    /** The entries the warm-up restored, or -1 before it ended or when it failed (tests). */
    static int restoredEntries() {
        return restoredEntries;
    }

    /** Lets the next large snapshot warm up again (tests). */
    static void resetForTests() {
        CLAIMED.set(false);
        thread = null;
        restoredEntries = -1;
    }

    /** The bytes copied so far (tests). */
    int copiedBytes() {
        return copiedBytes;
    }
}
