package io.ringflow.stress;

import io.ringflow.api.functions.MapFunction;

/** The map chained before the sink: slow in the slow-sink variants, and a failure site in all of them. */
final class Pace implements MapFunction<Counted, Counted> {
    private static final long serialVersionUID = 1L;
    private final boolean slow;
    private final Spin spin = new Spin();

    Pace(boolean slow) {
        this.slow = slow;
    }

    @Override
    public Counted map(Counted value) {
        if (slow) {
            spin.tick();
        }
        FailureInjector.maybeFail(FailureInjector.Site.PACE, Probes.recordProcessed());
        return value;
    }
}
