package io.ringflow.state;

import org.agrona.concurrent.UnsafeBuffer;

import java.util.Map;
import java.util.TreeMap;

/** The key group blocks of a written snapshot, kept as bytes the way a state file keeps them. */
final class SnapshotBytes {
    final Map<Integer, byte[]> blocks = new TreeMap<>();

    static SnapshotBytes of(KeyedStateSnapshot snapshot) {
        SnapshotBytes bytes = new SnapshotBytes();
        snapshot.writeTo((keyGroup, block, offset, length) -> {
            byte[] copy = new byte[length];
            block.getBytes(offset, copy);
            bytes.blocks.put(keyGroup, copy);
        });
        return bytes;
    }

    /** Restores the blocks of the backend's range, as a restore at another parallelism does. */
    <K> HeapKeyedStateBackend<K> restoreInto(HeapKeyedStateBackend<K> backend) {
        for (Map.Entry<Integer, byte[]> e : blocks.entrySet()) {
            if (backend.getKeyGroupRange().contains(e.getKey())) {
                backend.restoreKeyGroup(new UnsafeBuffer(e.getValue()), 0, e.getValue().length);
            }
        }
        return backend;
    }
}
