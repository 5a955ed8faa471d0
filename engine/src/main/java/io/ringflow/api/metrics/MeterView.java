package io.ringflow.api.metrics;

/**
 * Flink's MeterView: the rate of a {@link Counter} over about the last {@code timeSpanInSeconds}
 * seconds (60 by default). Flink samples every meter on a timer; this one keeps a sample of the
 * count each time it is read, at most one a second and {@code timeSpanInSeconds} of them, and
 * gives the rate from the oldest kept sample to now (read once a second or more often, that is
 * the last {@code timeSpanInSeconds} seconds; read less often, a longer time).
 */
public final class MeterView implements Meter {
    private static final long SECOND_NS = 1_000_000_000L;
    private final Counter counter;
    private final long[] counts; // circular: samples at least a second apart
    private final long[] times;
    private int newest = -1;
    private int size;

    public MeterView(int timeSpanInSeconds) {
        this(new SimpleCounter(), timeSpanInSeconds);
    }

    public MeterView(Counter counter) {
        this(counter, 60);
    }

    public MeterView(Counter counter, int timeSpanInSeconds) {
        if (timeSpanInSeconds < 1) {
            throw new IllegalArgumentException("a meter's time span is at least 1 s, got " + timeSpanInSeconds);
        }
        this.counter = counter;
        this.counts = new long[timeSpanInSeconds];
        this.times = new long[timeSpanInSeconds];
        sample(System.nanoTime(), counter.getCount());
    }

    @Override
    public void markEvent() {
        markEvent(1);
    }

    @Override
    public void markEvent(long n) {
        counter.inc(n);
    }

    @Override
    public synchronized double getRate() {
        long now = System.nanoTime();
        long count = counter.getCount();
        sample(now, count);
        int oldest = size < counts.length ? 0 : (newest + 1) % counts.length;
        long elapsedNs = now - times[oldest];
        return elapsedNs <= 0 ? 0 : (count - counts[oldest]) * (double) SECOND_NS / elapsedNs;
    }

    @Override
    public long getCount() {
        return counter.getCount();
    }

    /** Keeps {@code count} as a sample unless the newest one is under a second old. */
    private void sample(long nowNs, long count) {
        if (newest >= 0 && nowNs - times[newest] < SECOND_NS) {
            return;
        }
        newest = (newest + 1) % counts.length;
        size = Math.min(size + 1, counts.length);
        times[newest] = nowNs;
        counts[newest] = count;
    }
}
