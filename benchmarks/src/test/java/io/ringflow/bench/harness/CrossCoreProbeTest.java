package io.ringflow.bench.harness;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CrossCoreProbeTest {
    @Test
    void everyHopArrivesOnceAndTheRateIsMeasured() throws Exception {
        CrossCoreProbe.Result result = CrossCoreProbe.run(20, 50);
        assertTrue(result.hops() > 0, "no hop in 50 ms");
        assertTrue(result.nanos() >= 50_000_000L, "measured " + result.nanos() + " ns, asked for 50 ms");
        assertEquals(result.producedSum(), result.consumedSum(), "the consumer read other values than were written");
    }
}
