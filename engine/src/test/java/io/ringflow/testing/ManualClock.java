package io.ringflow.testing;

import io.ringflow.api.Clock;

import java.util.concurrent.atomic.AtomicLong;

/** A processing-time clock that only moves when the test moves it; safe to read from any thread. */
public final class ManualClock implements Clock {
    private final AtomicLong nowMs;

    public ManualClock(long startMs) {
        nowMs = new AtomicLong(startMs);
    }

    @Override
    public long currentTimeMillis() {
        return nowMs.get();
    }

    /** Moves the clock on; returns the new time. */
    public long advance(long ms) {
        return nowMs.addAndGet(ms);
    }

    public void set(long ms) {
        nowMs.set(ms);
    }
}
