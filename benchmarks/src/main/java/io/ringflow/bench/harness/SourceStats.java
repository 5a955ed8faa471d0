package io.ringflow.bench.harness;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How far the fixed-rate source fell behind its schedule: over the whole run (warm-up included,
 * as WORKLOADS.md defines {@code source_max_lag_ms}) and inside the measured window. Latency is
 * measured from actual emission, so events the source could not emit on time are not in the
 * percentiles (coordinated omission); the window's lag shows how much that hides.
 *
 * <p>Event {@code i} is due at {@code startNs + i / rate}. The source task calls
 * {@link #schedule} once and {@link #emitting} before each event; it alone writes the maxima.
 * The harness opens and closes the window and reads the lag at both ends itself, from the
 * schedule and the count of emitted events, so that a source stalled at the end of the window
 * (one that emits nothing, hence records nothing) still shows its lag.
 */
final class SourceStats {
    /** A lag that grows by more than this over the window means the source did not keep the rate. */
    static final long LAG_GROWTH_TOLERANCE_NS = 10_000_000;

    private volatile long rate;
    private volatile long startNs;
    /** The next event's index: the events emitted since the schedule's origin. */
    private volatile long next;
    private volatile long windowStartNs = Long.MAX_VALUE;
    private volatile long windowEndNs = Long.MAX_VALUE;
    private volatile long maxLagNs;
    private volatile long maxBacklogEvents;
    private volatile long windowMaxLagNs;
    private volatile long windowMaxBacklogEvents;
    private long lagAtOpenNs;
    private long backlogAtOpen;

    /** The lag of one instant: how late the next event is, and how many events are due but not emitted. */
    record Lag(long lagNs, long backlogEvents) {
    }

    /** Source task: the schedule's origin ({@code t0}) and rate (events/s). */
    void schedule(long ratePerSecond, long originNs) {
        rate = ratePerSecond;
        startNs = originNs;
    }

    /** Source task: event {@code seq} is being emitted at {@code nowNs}. */
    void emitting(long seq, long nowNs) {
        Lag lag = lagOf(startNs, rate, seq, nowNs);
        if (lag.lagNs() > maxLagNs) {
            maxLagNs = lag.lagNs();
        }
        if (lag.backlogEvents() > maxBacklogEvents) {
            maxBacklogEvents = lag.backlogEvents();
        }
        if (nowNs >= windowStartNs && nowNs <= windowEndNs) {
            if (lag.lagNs() > windowMaxLagNs) {
                windowMaxLagNs = lag.lagNs();
            }
            if (lag.backlogEvents() > windowMaxBacklogEvents) {
                windowMaxBacklogEvents = lag.backlogEvents();
            }
        }
        next = seq + 1;
    }

    /** The lag at {@code nowNs} with event {@code seq} the next to emit; zero when ahead or not started. */
    static Lag lagOf(long startNs, long rate, long seq, long nowNs) {
        if (rate <= 0) {
            return new Lag(0, 0);
        }
        long dueNs = startNs + seq * 1_000_000_000L / rate;
        long elapsedNs = nowNs - startNs;
        long due = elapsedNs < 0 ? 0 : elapsedNs * rate / 1_000_000_000L + 1;
        return new Lag(Math.max(0, nowNs - dueNs), Math.max(0, due - seq));
    }

    /** The lag right now, from the harness's side. */
    Lag lagAt(long nowNs) {
        return lagOf(startNs, rate, next, nowNs);
    }

    /** Harness: the measured window starts at {@code nowNs}. */
    void openWindow(long nowNs) {
        Lag lag = lagAt(nowNs);
        lagAtOpenNs = lag.lagNs();
        backlogAtOpen = lag.backlogEvents();
        windowStartNs = nowNs;
    }

    /**
     * Harness: the window ends at {@code nowNs}. Returns the {@code source_lag} object of the
     * run: lag at the window's start and end and its maximum inside, in ms and events, and
     * whether it grew by more than {@link #LAG_GROWTH_TOLERANCE_NS} (the source fell behind the
     * rate and events due in the window were not measured).
     */
    Map<String, Object> closeWindow(long nowNs) {
        windowEndNs = nowNs;
        Lag end = lagAt(nowNs);
        long maxNs = Math.max(windowMaxLagNs, Math.max(end.lagNs(), lagAtOpenNs));
        long maxEvents = Math.max(windowMaxBacklogEvents, Math.max(end.backlogEvents(), backlogAtOpen));
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("start_ms", millis(lagAtOpenNs));
        figures.put("start_events", backlogAtOpen);
        figures.put("max_ms", millis(maxNs));
        figures.put("max_events", maxEvents);
        figures.put("end_ms", millis(end.lagNs()));
        figures.put("end_events", end.backlogEvents());
        figures.put("grew", end.lagNs() - lagAtOpenNs > LAG_GROWTH_TOLERANCE_NS);
        return figures;
    }

    /** The events emitted so far. */
    long emitted() {
        return next;
    }

    long maxLagNs() {
        return maxLagNs;
    }

    long maxBacklogEvents() {
        return maxBacklogEvents;
    }

    /** Milliseconds with three decimals (µs resolution). */
    static double millis(long nanos) {
        return Math.round(nanos / 1000.0) / 1000.0;
    }
}
