package io.ringflow.bench.harness;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void shouldPlanW3UnalignedWithPageCacheBesideFlush() {
        List<RunSpec> w3 = new W3Backpressure().plan(false, 3);
        List<RunSpec> w3f = W3Backpressure.flinkSizedRing().plan(false, 3);

        assertEquals(List.of("aligned flush", "unaligned flush", "unaligned page-cache"),
            w3.stream().map(spec -> spec.mode().name().toLowerCase(java.util.Locale.ROOT) + " " + spec.durability())
                .distinct().toList());
        assertEquals(9, w3.size());
        assertEquals(9, w3.stream().map(RunSpec::label).distinct().count(), "one label per run");
        assertTrue(w3f.stream().allMatch(spec -> spec.durability().equals("flush")), "W3f compares with Flink's ring: flush only");
        assertEquals(6, w3f.size());
    }

    @Test
    void shouldPlanW5AtEachIntervalAndDurabilityWithIncrementalCheckpoints() {
        List<RunSpec> runs = new W5Visibility().plan(false, 1);

        assertEquals(6, runs.size());
        for (RunSpec spec : runs) {
            assertEquals(CheckpointMode.UNALIGNED, spec.mode());
            assertEquals(100_000L, spec.rate());
            assertTrue(spec.incremental());
            assertEquals(spec, RunSpec.parse(spec.toArgs()), "options read back");
        }
        assertEquals(List.of(1L, 1L, 10L, 10L, 100L, 100L), runs.stream().map(RunSpec::intervalMs).toList());
        assertEquals(6, runs.stream().map(RunSpec::label).distinct().count(), "one label per variant");
        assertEquals("w5-unaligned-100000-i1ms-inc-page-cache-r1", runs.get(0).label());
    }

    @Test
    void shouldKeepAWorkloadsOwnCheckpointingWhenNoOptionIsGiven() {
        RunSpec spec = RunSpec.parse(List.of("--workload", "w1", "--mode", "aligned"));

        assertNull(spec.intervalMs());
        assertFalse(spec.incremental());
        assertEquals(W1Throughput.CHECKPOINT_INTERVAL, spec.checkpointInterval());
        assertEquals(List.of(), spec.toArgs().stream().filter(a -> a.equals("--interval-ms") || a.equals("--incremental")).toList());
        assertEquals("w1-aligned-r1", spec.label());
        assertEquals(java.time.Duration.ofMillis(1), RunSpec.parse(List.of("--workload", "w1", "--interval-ms", "1"))
            .checkpointInterval());
        assertFalse(spec.fileMerging());
    }

    @Test
    void shouldCarryFileMergingThroughItsOptions() {
        RunSpec spec = RunSpec.parse(List.of("--workload", "w4", "--mode", "aligned", "--file-merging", "true"));

        assertTrue(spec.fileMerging());
        assertEquals(spec, RunSpec.parse(spec.toArgs()), "options read back");
        assertEquals("w4-aligned-merged-r1", spec.label());
        assertEquals(true, RunObject.of(spec).get("file_merging"));
    }

    @Test
    void shouldCarryTheCheckpointYieldSliceThroughItsOptions() {
        RunSpec spec = RunSpec.parse(List.of("--workload", "w2", "--mode", "unaligned", "--rate", "100000",
            "--durability", "page-cache", "--yield-after-us", "50"));

        assertEquals(50, spec.yieldAfterUs());
        assertEquals(spec, RunSpec.parse(spec.toArgs()), "options read back");
        assertEquals("w2-unaligned-100000-page-cache-y50-r1", spec.label());
        assertEquals(50, RunObject.of(spec).get("yield_after_us"));
        assertEquals(0, RunSpec.parse(List.of("--workload", "w2", "--mode", "unaligned")).yieldAfterUs(), "off by default");
    }
}
