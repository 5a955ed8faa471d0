package io.ringflow.bench.jmh;

import io.ringflow.api.codec.Codecs;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.state.HeapKeyedStateBackend;
import io.ringflow.state.KeyedStateSnapshot;
import io.ringflow.state.RestoreWarmup;
import io.ringflow.storage.metadata.KeyGroupRange;
import io.ringflow.storage.metadata.StreamHandle;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A task's first restore of W4's keyed state in its JVM: {@code keys} keys holding a {@code long[2]}
 * each, restored key group by key group from encoded blocks into a new backend, then decoded when
 * the operator registers its state (as {@code open()} does). Single shot in a fresh JVM, so the
 * restore code runs as in a process's first failover; the setup encodes the snapshot and warms
 * only what a running job would have warmed (updates, snapshots and the {@link RestoreWarmup} its
 * first large snapshot starts). Add {@code -wi 10 -i 5} for the warm figure.
 *
 * <pre>
 * java $(scripts/jvm-flags) -Xms2g -Xmx2g -jar benchmarks/target/benchmarks.jar ColdRestoreBenchmark -f 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 5, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Xmn1g", "-XX:+AlwaysPreTouch"})
public class ColdRestoreBenchmark {
    private static final ValueStateDescriptor<long[]> COUNT_AND_SUM = new ValueStateDescriptor<>("count-sum", Codecs.LONG_ARRAY);
    private static final int MAX_PARALLELISM = 128;

    @Param({"1000000"})
    int keys;

    private final List<UnsafeBuffer> blocks = new ArrayList<>(); // off the heap, as a state file's mapping

    @Setup
    public void encodeSnapshot() throws InterruptedException {
        HeapKeyedStateBackend<Long> backend = newBackend();
        ValueState<long[]> countAndSum = backend.getState(COUNT_AND_SUM);
        for (int round = 0; round < 3; round++) { // updates as a running job makes them, compiled
            for (long k = 0; k < keys; k++) {
                backend.setCurrentKey(k);
                long[] value = countAndSum.value();
                countAndSum.update(value == null ? new long[] {1, k} : new long[] {value[0] + 1, value[1] + k});
            }
        }
        KeyedStateSnapshot snapshot = backend.snapshot(1, false);
        snapshot.writeTo((keyGroup, block, offset, length) -> {
            UnsafeBuffer copy = new UnsafeBuffer(ByteBuffer.allocateDirect(length));
            copy.putBytes(0, block, offset, length);
            blocks.add(copy);
        });
        snapshot.written(StreamHandle.inline(new byte[1], 0));
        snapshot.release();
        RestoreWarmup.awaitDone(); // a running job's warm-up ends seconds before any failover
    }

    @Benchmark
    public int restore() {
        HeapKeyedStateBackend<Long> backend = newBackend();
        for (UnsafeBuffer block : blocks) {
            backend.restoreKeyGroupInPlace(block, 0, block.capacity()); // as a task restores from a mapped file
        }
        backend.getState(COUNT_AND_SUM);
        return backend.numEntries();
    }

    private static HeapKeyedStateBackend<Long> newBackend() {
        return new HeapKeyedStateBackend<>(Codecs.LONG, MAX_PARALLELISM, KeyGroupRange.all(MAX_PARALLELISM));
    }
}
