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

    private HeapKeyedStateBackend<Long> backend;
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
        for (long k = 0; k < keys; k++) {
            backend.setCurrentKey(k);
            countAndSum.update(new long[] {1, k});
        }
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
