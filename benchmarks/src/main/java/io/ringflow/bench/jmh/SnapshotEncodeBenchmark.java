package io.ringflow.bench.jmh;

import io.ringflow.api.codec.Codecs;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.state.HeapKeyedStateBackend;
import io.ringflow.state.KeyedStateSnapshot;
import io.ringflow.storage.metadata.KeyGroupRange;
import io.ringflow.storage.metadata.StreamHandle;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The snapshot writer's encoding of W1's and W3's keyed state alone, one thread: a full snapshot,
 * or a change link, of {@code keys} keys holding a {@code long[2]} each, written key group by key group into a
 * sink that only counts the bytes. Before each snapshot (outside the timed part) every value is
 * updated once, as in a W3 interval.
 *
 * <pre>
 * java $(scripts/jvm-flags) -jar benchmarks/target/benchmarks.jar SnapshotEncodeBenchmark -f 1 -wi 3 -i 5
 * </pre>
 *
 * <p>{@code -p cold=true} and {@code -p idleMs=2} bring it closer to what the writer finds in W3, where
 * the same encode takes 400–850 µs: on this 2-vCPU virtual machine a thread that slept 2 ms
 * before each encode took 79 → 174 µs (medians of three runs) with its data still in the caches,
 * and spinning 0.1–0.5 ms before the encode did not bring it back (the lost state is the core's
 * caches, not its clock); scattered values with the caches flushed took 218 µs
 * ({@code benchmarks/results/2026-12-08-w3-cold-writer.md}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SnapshotEncodeBenchmark {
    private static final StreamHandle WRITTEN = StreamHandle.inline(new byte[1], 0);

    @Param({"10000"})
    int keys;

    /** A change link of every key (incremental) or a full snapshot. */
    @Param({"false", "true"})
    boolean incremental;

    /**
     * Values first written in random key order with garbage kept between them (as a job's records
     * leave them), and the last-level cache flushed before each snapshot.
     */
    @Param({"false"})
    boolean cold;

    /**
     * The thread sleeps this long before each snapshot, as the snapshot writer waits between
     * checkpoints: on this machine that alone triples the encode (see the class comment).
     */
    @Param({"0"})
    int idleMs;

    private HeapKeyedStateBackend<Long> backend;
    private long[] evict; // cold: 64 MB, twice the last-level cache
    private Object[] spacers; // held: the values stay apart
    private ValueState<long[]> countAndSum;
    private long checkpointId;
    private long bytes;
    private KeyedStateSnapshot snapshot;

    @Setup
    public void setUp() {
        backend = new HeapKeyedStateBackend<>(Codecs.LONG, 128, KeyGroupRange.all(128));
        countAndSum = backend.getState(new ValueStateDescriptor<>("count-sum", Codecs.LONG_ARRAY));
        backend.setSyncSnapshotMaxEntries(0); // pinned for the writer, never encoded inside snapshot()
        if (incremental) {
            backend.enableIncrementalSnapshots();
        }
        spacers = cold ? new Object[keys] : null;
        evict = cold ? new long[8 << 20] : null;
        java.util.Random random = new java.util.Random(7);
        long[] order = new long[keys];
        for (int i = 0; i < keys; i++) {
            order[i] = i;
        }
        for (int i = keys - 1; cold && i > 0; i--) { // first touched in random order, as W3's keys are
            int j = random.nextInt(i + 1);
            long t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        for (long k : order) {
            backend.setCurrentKey(k);
            countAndSum.update(new long[] {1, k});
            if (cold) {
                spacers[(int) k] = new byte[64 + random.nextInt(4096)];
            }
        }
        System.gc();
    }

    /** Every value updated once, then a snapshot pinned: what the writer finds (W3's interval changes every key). */
    @Setup(Level.Invocation)
    public void updateAndSnapshot() {
        for (long k = 0; k < keys; k++) {
            backend.setCurrentKey(k);
            long[] state = countAndSum.value();
            state[0]++;
            countAndSum.update(state);
        }
        snapshot = backend.snapshot(++checkpointId, false);
        if (idleMs > 0) {
            try {
                Thread.sleep(idleMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (cold) {
            for (int i = 0; i < evict.length; i += 8) {
                evict[i]++;
            }
        }
    }

    @Benchmark
    public long encodeFullSnapshot() {
        bytes = 0;
        snapshot.writeTo((keyGroup, buffer, offset, length) -> bytes += length);
        return bytes;
    }

    @TearDown(Level.Invocation)
    public void release() {
        snapshot.written(WRITTEN);
        snapshot.release();
        backend.notifyCheckpointComplete(checkpointId);
    }
}
