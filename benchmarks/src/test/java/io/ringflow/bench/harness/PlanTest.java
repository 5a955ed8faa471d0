package io.ringflow.bench.harness;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** What {@code Harness plan} asks for. */
class PlanTest {
    @Test
    void shouldRunQuickW4SlowEnoughForACheckpointBeforeTheFailure() {
        List<RunSpec> quick = new W4Recovery().plan(true, 1);
        List<RunSpec> full = new W4Recovery().plan(false, 3);

        assertEquals(1, quick.size());
        assertEquals(100_000, quick.get(0).keys());
        assertEquals(2_000_000L, quick.get(0).events());
        // 95 % of the events, where the failure fires at the latest, come after several checkpoint intervals
        double failureAfterS = 0.95 * quick.get(0).events() / quick.get(0).rate();
        assertEquals(true, failureAfterS >= 5 * W4Job.CHECKPOINT_INTERVAL.toMillis() / 1000.0, () -> failureAfterS + " s");
        assertEquals(1_000_000, full.get(0).keys());
        assertEquals(20_000_000L, full.get(0).events());
        assertNull(full.get(0).rate(), "the full W4 source is unlimited");
    }
}
