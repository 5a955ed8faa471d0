package io.ringflow.testing;

import io.ringflow.api.Clock;

import java.util.concurrent.atomic.AtomicLong;

/** A processing-time clock that only moves when the test moves it; task loops read it every iteration. */
public final class ManualClock implements Clock {
    private final AtomicLong nowMs;

    public ManualClock(long startMs) {
        nowMs = new AtomicLong(startMs);
    }

    @Override
    public long currentTimeMillis() {
        return nowMs.get();
    }

    public void advance(long ms) {
        nowMs.addAndGet(ms);
    }

    public void set(long ms) {
        nowMs.set(ms);
    }
}
