package io.ringflow.bench.jmh;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sink benchmark times the harness's own sink: each call counts one record and records one latency. */
class W1SinkBenchmarkTest {
    @Test
    void shouldRecordOneLatencyAndOneCountPerCall() throws Exception {
        W1SinkBenchmark benchmark = new W1SinkBenchmark();
        benchmark.setUp();
        for (int i = 0; i < 1_000; i++) {
            benchmark.sinkWrite();
        }
        assertEquals(1_000, benchmark.sink().count());
        org.HdrHistogram.Histogram recorded = benchmark.sink().latencyRecorder().getIntervalHistogram();
        assertEquals(1_000, recorded.getTotalCount());
        assertTrue(recorded.getMinValue() >= 240_000, "latency from the record's creation: " + recorded.getMinValue());
    }
}
