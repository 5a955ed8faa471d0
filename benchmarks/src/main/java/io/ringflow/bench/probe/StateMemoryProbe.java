package io.ringflow.bench.probe;

import io.ringflow.api.codec.Codecs;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.state.HeapKeyedStateBackend;
import io.ringflow.storage.metadata.KeyGroupRange;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Heap bytes per key of a keyed state: W1's {@code ValueState<long[2]>} for KEYS {@code Long}
 * keys in one backend of 128 key groups, measured as used heap after a full GC, before and after
 * filling it; prints bytes per key, of which 32 are the {@code long[2]} value itself.
 * <pre>
 *   java -Xmx4g $(scripts/jvm-flags) -cp benchmarks/target/benchmarks.jar io.ringflow.bench.probe.StateMemoryProbe 1000000
 * </pre>
 */
public final class StateMemoryProbe {
    private StateMemoryProbe() {
    }

    public static void main(String[] args) {
        int keys = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        long before = usedAfterGc();
        HeapKeyedStateBackend<Long> backend = new HeapKeyedStateBackend<>(Codecs.LONG, 128, KeyGroupRange.all(128));
        ValueState<long[]> state = backend.getState(new ValueStateDescriptor<>("count-sum", Codecs.LONG_ARRAY));
        for (long key = 0; key < keys; key++) {
            backend.setCurrentKey(key);
            state.update(new long[] {1, key});
        }
        long after = usedAfterGc();
        System.out.printf("%,d keys: %.1f heap bytes per key (the long[2] value: 32)%n",
            keys, (after - before) / (double) keys);
        if (backend.numKeys("count-sum") != keys) {
            throw new IllegalStateException("expected " + keys + " keys, found " + backend.numKeys("count-sum"));
        }
    }

    private static long usedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
