package io.ringflow.api;

import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * How a task waits when it has no input or its output ring is full. Each task gets its own
 * instance. The default backs off (spin, yield once, then park up to 100 µs) so that a few tasks on
 * a small machine do not starve each other, and a parked task is woken by a record published into
 * its input; busy-spin gives the lowest latency when every task has a core of its own.
 */
public final class IdleStrategies {
    private IdleStrategies() {
    }

    /*
     * One yield, then park: with 64, idle tasks kept this 2-core machine 98 % busy yielding and a
     * task with work waited about 10 ms for a core (W5 p99 10.5-11.5 -> 6.0-7.6 ms; W2 p50 1-2 ->
     * 10-11 µs, p99 1.6-1.9 -> 0.2-1.0 ms). The yielding strategy keeps the low median.
     */
    public static Supplier<IdleStrategy> backoff() {
        return () -> new WakeableBackoffIdleStrategy(64, 1, 1_000, 100_000);
    }

    public static Supplier<IdleStrategy> busySpin() {
        return BusySpinIdleStrategy::new;
    }

    public static Supplier<IdleStrategy> yielding() {
        return YieldingIdleStrategy::new;
    }

    public static Supplier<IdleStrategy> sleeping(Duration period) {
        long nanos = period.toNanos();
        return () -> new SleepingIdleStrategy(nanos);
    }

    /** By name, for configuration files and the command line: backoff, busy-spin, yielding, sleeping. */
    public static Supplier<IdleStrategy> byName(String name) {
        return switch (name) {
            case "backoff" -> backoff();
            case "busy-spin" -> busySpin();
            case "yielding" -> yielding();
            case "sleeping" -> sleeping(Duration.ofMillis(1));
            default -> throw new IllegalArgumentException("unknown idle strategy '" + name
                + "'; use one of backoff, busy-spin, yielding, sleeping");
        };
    }
}
