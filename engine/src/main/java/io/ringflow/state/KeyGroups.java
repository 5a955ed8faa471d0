package io.ringflow.state;

import io.ringflow.storage.metadata.KeyGroupRange;

/**
 * How keys map to key groups and key groups to parallel instances. A key's key group never
 * changes for a given max parallelism, which is what lets state be redistributed on restore
 * with another parallelism. The formulas are Flink's, so that key placement matches.
 */
public final class KeyGroups {
    /** The largest supported max parallelism (2^15), as in Flink. */
    public static final int UPPER_BOUND_MAX_PARALLELISM = 1 << 15;

    private KeyGroups() {
    }

    /**
     * The key group of {@code key}: a murmur mix of {@code key.hashCode()} modulo
     * {@code maxParallelism}. The mix spreads keys whose hash codes differ in few bits.
     *
     * @throws NullPointerException when {@code key} is null
     */
    public static int assignToKeyGroup(Object key, int maxParallelism) {
        if (key == null) {
            throw nullKey();
        }
        return keyGroupForHash(key.hashCode(), maxParallelism);
    }

    /** The key group of a key whose {@code hashCode()} is {@code keyHash}. */
    public static int keyGroupForHash(int keyHash, int maxParallelism) {
        return murmurHash(keyHash) % maxParallelism;
    }

    /** The key groups that parallel instance {@code subtaskIndex} of {@code parallelism} owns. */
    public static KeyGroupRange rangeForSubtask(int maxParallelism, int parallelism, int subtaskIndex) {
        checkParallelism(maxParallelism, parallelism);
        if (subtaskIndex < 0 || subtaskIndex >= parallelism) {
            throw new IllegalArgumentException("subtask index " + subtaskIndex
                + " is outside [0, " + parallelism + ")");
        }
        int start = (subtaskIndex * maxParallelism + parallelism - 1) / parallelism;
        int end = ((subtaskIndex + 1) * maxParallelism - 1) / parallelism;
        return new KeyGroupRange(start, end);
    }

    /** The parallel instance of {@code parallelism} that owns {@code keyGroup}. */
    public static int subtaskForKeyGroup(int maxParallelism, int parallelism, int keyGroup) {
        checkParallelism(maxParallelism, parallelism);
        if (keyGroup < 0 || keyGroup >= maxParallelism) {
            throw new IllegalArgumentException("key group " + keyGroup
                + " is outside [0, " + maxParallelism + ")");
        }
        return keyGroup * parallelism / maxParallelism;
    }

    /** Rejects a max parallelism outside {@code 1..32768}. */
    public static void checkMaxParallelism(int maxParallelism) {
        if (maxParallelism < 1 || maxParallelism > UPPER_BOUND_MAX_PARALLELISM) {
            throw new IllegalArgumentException("maxParallelism " + maxParallelism
                + " is outside 1.." + UPPER_BOUND_MAX_PARALLELISM);
        }
    }

    /** Rejects a parallelism that is not in {@code 1..maxParallelism}. */
    public static void checkParallelism(int maxParallelism, int parallelism) {
        checkMaxParallelism(maxParallelism);
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism " + parallelism + " must be at least 1");
        }
        if (parallelism > maxParallelism) {
            throw new IllegalArgumentException("parallelism " + parallelism + " exceeds maxParallelism "
                + maxParallelism + ": each parallel instance needs at least one key group; "
                + "raise it with setMaxParallelism(" + parallelism + ") or more, or lower the parallelism");
        }
    }

    /** The error for a null key, which has no key group. */
    static NullPointerException nullKey() {
        return new NullPointerException("keys must be non-null: the key selector returned null; "
            + "map null to a sentinel key or filter such records before keyBy");
    }

    /** Flink's {@code MathUtils.murmurHash}: one murmur3 round plus the finalizer, made non-negative. */
    static int murmurHash(int code) {
        code *= 0xcc9e2d51;
        code = Integer.rotateLeft(code, 15);
        code *= 0x1b873593;
        code = Integer.rotateLeft(code, 13);
        code = code * 5 + 0xe6546b64;
        code ^= 4;
        code ^= code >>> 16;
        code *= 0x85ebca6b;
        code ^= code >>> 13;
        code *= 0xc2b2ae35;
        code ^= code >>> 16;
        if (code >= 0) {
            return code;
        }
        return code != Integer.MIN_VALUE ? -code : 0;
    }
}
