package io.ringflow.stress;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Throws a scenario's failures at record counts drawn from its seed, each in the keyed operator
 * or in the map before the sink. Counts are over all attempts (see {@link Probes}), so every
 * failure fires once overall. A failure waits for a checkpoint-complete notification after
 * the previous one, so that each restore starts from a new checkpoint rather than from scratch.
 */
final class FailureInjector {
    /** Where a failure is thrown. */
    enum Site { KEYED, PACE }

    private record Plan(long[] atRecord, Site[] sites, long seed) {
        static final Plan NONE = new Plan(new long[0], new Site[0], 0);
    }

    private static volatile Plan plan = Plan.NONE;
    private static final AtomicInteger INJECTED = new AtomicInteger();
    private static volatile long notificationsAtLastFailure;

    private FailureInjector() {
    }

    /**
     * Plans the scenario's failures: each record passes both sites, so about {@code 2 × records}
     * are processed; failures fall within the first 80 % of that.
     */
    static void arm(Scenario scenario) {
        Random random = new Random(scenario.seed());
        long[] at = new long[scenario.failures()];
        Site[] sites = new Site[scenario.failures()];
        for (int i = 0; i < at.length; i++) {
            at[i] = scenario.records() / 10 + (long) (random.nextDouble() * scenario.records() * 1.5);
            sites[i] = random.nextBoolean() ? Site.KEYED : Site.PACE;
        }
        Arrays.sort(at);
        INJECTED.set(0);
        notificationsAtLastFailure = 0;
        plan = new Plan(at, sites, scenario.seed());
    }

    static void disarm() {
        plan = Plan.NONE;
        INJECTED.set(0);
    }

    static int injected() {
        return INJECTED.get();
    }

    /** Throws the next planned failure if {@code processed} reached it at this site. */
    static void maybeFail(Site site, long processed) {
        Plan current = plan;
        int next = INJECTED.get();
        if (next >= current.atRecord.length || processed < current.atRecord[next] || current.sites[next] != site) {
            return;
        }
        long notifications = Probes.notifications();
        if (notifications > notificationsAtLastFailure && INJECTED.compareAndSet(next, next + 1)) {
            notificationsAtLastFailure = notifications;
            throw new InjectedFailure("injected failure " + (next + 1) + "/" + current.atRecord.length + " in " + site
                + " at record " + processed + " (seed " + current.seed + ")");
        }
    }

    /** The exception a planned failure throws; the job is expected to restart from it. */
    static final class InjectedFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InjectedFailure(String message) {
            super(message, null, false, false);
        }
    }
}
