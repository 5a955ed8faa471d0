package io.ringflow.api.metrics;

import java.util.Arrays;

/**
 * Flink's DescriptiveStatisticsHistogram: the statistics of the last {@code windowSize} values.
 * Updated by the task's thread, read by JMX's: both under the histogram's lock, which an update
 * holds for a few nanoseconds.
 */
public final class DescriptiveStatisticsHistogram implements Histogram {
    private final long[] window;
    private long count;

    public DescriptiveStatisticsHistogram(int windowSize) {
        if (windowSize < 1) {
            throw new IllegalArgumentException("a histogram window holds at least 1 value, got " + windowSize);
        }
        this.window = new long[windowSize];
    }

    @Override
    public synchronized void update(long value) {
        window[(int) (count % window.length)] = value;
        count++;
    }

    @Override
    public synchronized long getCount() {
        return count;
    }

    @Override
    public HistogramStatistics getStatistics() {
        long[] values;
        synchronized (this) {
            values = Arrays.copyOf(window, (int) Math.min(count, window.length));
        }
        Arrays.sort(values);
        return new Sorted(values);
    }

    /** Statistics of values sorted once. */
    private static final class Sorted extends HistogramStatistics {
        private final long[] values;

        Sorted(long[] values) {
            this.values = values;
        }

        @Override
        public double getQuantile(double quantile) {
            if (quantile < 0 || quantile > 1) {
                throw new IllegalArgumentException("a quantile is between 0 and 1, got " + quantile);
            }
            if (values.length == 0) {
                return Double.NaN;
            }
            return values[(int) Math.min(values.length - 1, Math.max(0, Math.ceil(quantile * values.length) - 1))];
        }

        @Override
        public long[] getValues() {
            return values.clone();
        }

        @Override
        public int size() {
            return values.length;
        }

        @Override
        public double getMean() {
            return values.length == 0 ? Double.NaN : Arrays.stream(values).average().orElse(Double.NaN);
        }

        @Override
        public double getStdDev() {
            if (values.length < 2) {
                return values.length == 0 ? Double.NaN : 0;
            }
            double mean = getMean();
            double squares = 0;
            for (long value : values) {
                squares += (value - mean) * (value - mean);
            }
            return Math.sqrt(squares / (values.length - 1));
        }

        @Override
        public long getMax() {
            return values.length == 0 ? 0 : values[values.length - 1];
        }

        @Override
        public long getMin() {
            return values.length == 0 ? 0 : values[0];
        }
    }
}
