package io.ringflow.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition that another thread makes true, with a deadline; never a sleep for correctness. */
public final class Eventually {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    private Eventually() {
    }

    public static void await(String what, BooleanSupplier condition) {
        await(what, condition, () -> "");
    }

    /** Fails with {@code what} and the current {@code state} when the condition is not met in time. */
    public static void await(String what, BooleanSupplier condition, Supplier<?> state) {
        long deadline = System.nanoTime() + DEFAULT_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + DEFAULT_TIMEOUT + " waiting for " + what + "; now: "
                    + state.get());
            }
            LockSupport.parkNanos(200_000);
        }
    }
}
