package io.ringflow.api.metrics;

/**
 * Flink's SimpleCounter: changed by one thread (the task's), read by any. An ordered store per
 * change, no atomic add: a counter is cheap enough to bump per record.
 */
public final class SimpleCounter implements Counter {
    private static final java.lang.invoke.VarHandle COUNT;
    private volatile long count;

    static {
        try {
            COUNT = java.lang.invoke.MethodHandles.lookup().findVarHandle(SimpleCounter.class, "count", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public void inc() {
        inc(1);
    }

    @Override
    public void inc(long n) {
        COUNT.setRelease(this, (long) COUNT.getOpaque(this) + n);
    }

    @Override
    public void dec() {
        inc(-1);
    }

    @Override
    public void dec(long n) {
        inc(-n);
    }

    @Override
    public long getCount() {
        return count;
    }
}
