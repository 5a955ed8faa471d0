package io.ringflow.bench.harness;

/**
 * W4's verdict: every key's final {@code (count, sum)} against the analytic expectation and
 * against the failure-free baseline. Key {@code k} of {@code K} gets
 * {@code c_k = N / K + (k < N % K ? 1 : 0)} events with values {@code 2·(k + j·K)},
 * {@code j = 0 … c_k−1}, so {@code sum_k = 2·(c_k·k + K·c_k·(c_k−1)/2)}.
 */
final class KeyCheck {
    private KeyCheck() {
    }

    static long expectedCount(long key, long events, int keys) {
        return events / keys + (key < events % keys ? 1 : 0);
    }

    static long expectedSum(long key, long events, int keys) {
        long count = expectedCount(key, events, keys);
        return 2 * (count * key + (long) keys * count * (count - 1) / 2);
    }

    /** Keys whose pair differs from the analytic expectation. */
    static long wrongAgainstFormula(long[] counts, long[] sums, long events) {
        int keys = counts.length;
        long wrong = 0;
        for (int key = 0; key < keys; key++) {
            if (counts[key] != expectedCount(key, events, keys) || sums[key] != expectedSum(key, events, keys)) {
                wrong++;
            }
        }
        return wrong;
    }

    /** Keys whose pair differs from the baseline's; every key when there is no baseline. */
    static long wrongAgainstBaseline(long[] counts, long[] sums, long[] baselineCounts, long[] baselineSums) {
        if (baselineCounts == null) {
            return counts.length;
        }
        long wrong = 0;
        for (int key = 0; key < counts.length; key++) {
            if (counts[key] != baselineCounts[key] || sums[key] != baselineSums[key]) {
                wrong++;
            }
        }
        return wrong;
    }
}
