package io.ringflow.testing;

import io.ringflow.api.functions.RichMapFunction;

import java.util.concurrent.atomic.AtomicBoolean;

/** A map that throws once, at {@code failAt}, in whichever subtask and attempt sees it first; {@link #reset} before each job. */
public final class FailOnce extends RichMapFunction<Long, Long> {
    private static final AtomicBoolean FAILED = new AtomicBoolean();
    private final long failAt;

    public FailOnce(long failAt) {
        this.failAt = failAt;
    }

    public static void reset() {
        FAILED.set(false);
    }

    /** Whether the failure was injected since the last {@link #reset}. */
    public static boolean failed() {
        return FAILED.get();
    }

    @Override
    public Long map(Long v) {
        if (v == failAt && FAILED.compareAndSet(false, true)) {
            throw new RuntimeException("injected failure at " + v);
        }
        return v;
    }
}
