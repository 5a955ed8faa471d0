package io.ringflow.testing;

import io.ringflow.api.Clock;

import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when a test advances it; safe to read from any thread. */
public final class ManualClock implements Clock {
    private final AtomicLong nowMs;

    public ManualClock(long startMs) {
        this.nowMs = new AtomicLong(startMs);
    }

    @Override
    public long currentTimeMillis() {
        return nowMs.get();
    }

    public long advance(long deltaMs) {
        return nowMs.addAndGet(deltaMs);
    }
}
