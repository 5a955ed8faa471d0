package io.ringflow.api;

import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.locks.LockSupport;

/**
 * Agrona's backoff (spin, then yield, then park for doubling periods up to a maximum), whose park
 * another thread can cut short with {@link #wake()}: a task parked on an empty input ring is woken
 * by the producer that publishes into it, so a record waits for a thread wake-up (microseconds)
 * instead of the rest of a park period. A wake that races with the start of a park is lost; the
 * park then ends by itself, at most {@code maxParkPeriodNs} later.
 */
public final class WakeableBackoffIdleStrategy implements IdleStrategy {
    private static final int NOT_IDLE = 0;
    private static final int SPINNING = 1;
    private static final int YIELDING = 2;
    private static final int PARKING = 3;

    private final long maxSpins;
    private final long maxYields;
    private final long minParkPeriodNs;
    private final long maxParkPeriodNs;
    private int state = NOT_IDLE; // the idling thread's, as every field below but parked
    private long spins;
    private long yields;
    private long parkPeriodNs;
    private volatile Thread parked; // the idling thread while it parks, else null; read by waking threads

    public WakeableBackoffIdleStrategy(long maxSpins, long maxYields, long minParkPeriodNs, long maxParkPeriodNs) {
        if (maxSpins < 0 || maxYields < 0 || minParkPeriodNs < 1 || maxParkPeriodNs < minParkPeriodNs) {
            throw new IllegalArgumentException("spins and yields must be >= 0 and 1 <= min park <= max park, got "
                + maxSpins + ", " + maxYields + ", " + minParkPeriodNs + ", " + maxParkPeriodNs);
        }
        this.maxSpins = maxSpins;
        this.maxYields = maxYields;
        this.minParkPeriodNs = minParkPeriodNs;
        this.maxParkPeriodNs = maxParkPeriodNs;
        this.parkPeriodNs = minParkPeriodNs;
    }

    @Override
    public void idle(int workCount) {
        if (workCount > 0) {
            reset();
        } else {
            idle();
        }
    }

    @Override
    public void idle() {
        switch (state) {
            case NOT_IDLE:
                state = SPINNING;
                spins++;
                break;
            case SPINNING:
                Thread.onSpinWait();
                if (++spins > maxSpins) {
                    state = YIELDING;
                    yields = 0;
                }
                break;
            case YIELDING:
                if (++yields > maxYields) {
                    state = PARKING;
                    parkPeriodNs = minParkPeriodNs;
                } else {
                    Thread.yield();
                }
                break;
            default:
                parked = Thread.currentThread();
                LockSupport.parkNanos(parkPeriodNs);
                parked = null;
                parkPeriodNs = Math.min(parkPeriodNs << 1, maxParkPeriodNs);
                break;
        }
    }

    @Override
    public void reset() {
        spins = 0;
        yields = 0;
        parkPeriodNs = minParkPeriodNs;
        state = NOT_IDLE;
    }

    /**
     * Any thread: ends the idling thread's park now if it is parked; costs one volatile read
     * otherwise. Only the first wake of a park unparks: the producers publishing while the thread
     * is waking up do not pay for the call again.
     */
    public void wake() {
        Thread thread = parked;
        if (thread != null) {
            parked = null;
            LockSupport.unpark(thread);
        }
    }

    @Override
    public String alias() {
        return "backoff";
    }
}
