package io.ringflow.cli.run;

import io.ringflow.api.StreamEnvironment;

/** A program whose job fails: its map throws. */
public final class FailingJob {
    private FailingJob() {
    }

    public static void main(String[] args) {
        StreamEnvironment env = StreamEnvironment.create();
        env.fromElements(1L, 2L, 3L).map(n -> {
            if (n == 2L) {
                throw new IllegalStateException("record two is refused");
            }
            return n;
        }).sinkTo(io.ringflow.connector.DiscardingSink.create());
        env.execute("failing");
    }
}
