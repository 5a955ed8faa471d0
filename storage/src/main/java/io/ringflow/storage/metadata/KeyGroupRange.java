package io.ringflow.storage.metadata;

/**
 * An inclusive range of key groups, {@code [start, end]}; empty when {@code end < start}.
 * Subtask {@code i} of {@code p} owns the key groups from {@code ceil(i * max / p)} to
 * {@code ceil((i + 1) * max / p) - 1}, Flink's assignment, so ranges survive a rescale.
 */
public record KeyGroupRange(int start, int end) implements Iterable<Integer> {
    public static final KeyGroupRange EMPTY = new KeyGroupRange(0, -1);

    public KeyGroupRange {
        if (start < 0 || end < start - 1) {
            throw new IllegalArgumentException("invalid key-group range [" + start + ", " + end + "]");
        }
    }

    /** All key groups of a job with {@code maxParallelism}: {@code [0, maxParallelism - 1]}. */
    public static KeyGroupRange all(int maxParallelism) {
        if (maxParallelism < 1) {
            throw new IllegalArgumentException("max parallelism must be >= 1, got " + maxParallelism);
        }
        return new KeyGroupRange(0, maxParallelism - 1);
    }

    /** The range subtask {@code subtask} of {@code parallelism} owns out of {@code maxParallelism}. */
    public static KeyGroupRange forSubtask(int maxParallelism, int parallelism, int subtask) {
        if (parallelism < 1 || parallelism > maxParallelism || subtask < 0 || subtask >= parallelism) {
            throw new IllegalArgumentException("no key-group range for subtask " + subtask + " of parallelism "
                + parallelism + " and max parallelism " + maxParallelism);
        }
        int start = (int) (((long) subtask * maxParallelism + parallelism - 1) / parallelism);
        int end = (int) (((long) (subtask + 1) * maxParallelism + parallelism - 1) / parallelism) - 1;
        return new KeyGroupRange(start, end);
    }

    public boolean isEmpty() {
        return end < start;
    }

    public int size() {
        return end - start + 1;
    }

    public boolean contains(int keyGroup) {
        return keyGroup >= start && keyGroup <= end;
    }

    /** The key groups both ranges hold; {@link #EMPTY} when they do not overlap. */
    public KeyGroupRange intersect(KeyGroupRange other) {
        int s = Math.max(start, other.start);
        int e = Math.min(end, other.end);
        return e < s ? EMPTY : new KeyGroupRange(s, e);
    }

    /** The key groups in ascending order. */
    @Override
    public java.util.PrimitiveIterator.OfInt iterator() {
        return java.util.stream.IntStream.rangeClosed(start, end).iterator();
    }

    @Override
    public String toString() {
        return isEmpty() ? "[]" : "[" + start + ".." + end + "]";
    }
}
