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
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * W1's keyed function on the heap backend alone, one thread: per record set the key, read the
 * {@code long[2]} value, add, write it back. With {@code snapshotEvery > 0} a snapshot starts
 * every that many records and is released 10 % later (the async write of W1's checkpoints at
 * about 4 M records/s and 10 checkpoints/s), so the copy-on-write cost per record shows as the
 * difference to {@code 0}. Keys are boxed anew per record, as in W1, or shared ({@code freshKeys}).
 *
 * <pre>
 * java $(scripts/jvm-flags) -jar benchmarks/target/benchmarks.jar KeyedStateBenchmark -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class KeyedStateBenchmark {
    private static final int BATCH = 1_000;
    private static final StreamHandle WRITTEN = StreamHandle.inline(new byte[1], 0);

    @Param({"10000"})
    int keys;

    @Param({"0", "400000"})
    int snapshotEvery;

    /** With incremental snapshots the maps also list the keys they change. */
    @Param({"false", "true"})
    boolean incremental;

    /** A new {@code Long} per record, as a key selector returning {@code event.key()} gives (W1), or one shared per key. */
    @Param({"true", "false"})
    boolean freshKeys;

    /** Keys in W1's order ({@code seq % keys}) or in a fixed random permutation of the same keys, repeated. */
    @Param({"sequential", "random"})
    String keyOrder;

    private HeapKeyedStateBackend<Long> backend;
    private int[] order; // record i takes key order[i % keys]
    private ValueState<long[]> countAndSum;
    private Long[] boxedKeys;
    private long sequence;
    private long nextSnapshotAt;
    private long releaseAt;
    private KeyedStateSnapshot live;
    private long checkpointId;

    @Setup
    public void setUp() {
        backend = new HeapKeyedStateBackend<>(Codecs.LONG, 128, KeyGroupRange.all(128));
        countAndSum = backend.getState(new ValueStateDescriptor<>("count-sum", Codecs.LONG_ARRAY));
        if (incremental) {
            backend.enableIncrementalSnapshots();
        }
        boxedKeys = new Long[keys];
        for (int k = 0; k < keys; k++) {
            boxedKeys[k] = (long) k;
        }
        order = new int[keys];
        for (int k = 0; k < keys; k++) {
            order[k] = k;
        }
        if (keyOrder.equals("random")) {
            java.util.Random random = new java.util.Random(42);
            for (int k = keys - 1; k > 0; k--) {
                int other = random.nextInt(k + 1);
                int swap = order[k];
                order[k] = order[other];
                order[other] = swap;
            }
        }
        nextSnapshotAt = snapshotEvery == 0 ? Long.MAX_VALUE : snapshotEvery;
        releaseAt = Long.MAX_VALUE;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long updateCountAndSum() {
        long checksum = 0;
        for (int i = 0; i < BATCH; i++) {
            long seq = sequence++;
            int key = order[(int) (seq % keys)];
            backend.setCurrentKey(freshKeys ? Long.valueOf(key) : boxedKeys[key]);
            long[] state = countAndSum.value();
            if (state == null) {
                state = new long[2];
            }
            state[0] += 1;
            state[1] += seq * 2;
            countAndSum.update(state);
            checksum += state[0];
        }
        if (sequence >= releaseAt) {
            live.written(WRITTEN); // as the snapshot writer does, so that the chain moves on
            live.release();
            live = null;
            backend.notifyCheckpointComplete(checkpointId); // the changed keys listed before it are forgotten
            releaseAt = Long.MAX_VALUE;
        }
        if (sequence >= nextSnapshotAt) {
            live = backend.snapshot(++checkpointId, false);
            releaseAt = sequence + snapshotEvery / 10;
            nextSnapshotAt = sequence + snapshotEvery;
        }
        return checksum;
    }
}
