package io.ringflow.connector;

import io.ringflow.api.connector.SinkContext;
import io.ringflow.api.connector.SinkWriter;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The discarding sink counts every record and records each one's latency, within its fixed range. */
class DiscardingSinkTest {
    private static final SinkContext CONTEXT = ExactlyOnceLogSinkTest.context(false); // subtask 0 of 1

    @Test
    void shouldRecordEveryLatencyAndCountALatencyBeyondTheRangeAsItsTop() throws Exception {
        DiscardingSink<Long> sink = DiscardingSink.withLatency(created -> created);
        SinkWriter<Long> first = sink.createWriter(CONTEXT);
        SinkWriter<Long> second = sink.createWriter(CONTEXT);
        long now = System.nanoTime();
        first.write(now - 5_000, 0);
        first.write(now + 1_000_000_000L, 0); // created "in the future": counts as 0
        second.write(now - 2 * DiscardingSink.HIGHEST_LATENCY_NANOS, 0); // two hours: counts as one, does not throw

        Histogram recorded = sink.latencyRecorder().getIntervalHistogram();
        assertEquals(3, sink.count());
        assertEquals(3, recorded.getTotalCount());
        assertEquals(0, recorded.getMinValue());
        assertTrue(recorded.valuesAreEquivalent(DiscardingSink.HIGHEST_LATENCY_NANOS, recorded.getMaxValue()),
            "the longest latency counts as an hour: " + recorded.getMaxValue());
        assertTrue(recorded.getValueAtPercentile(50) >= 5_000, "the median is the 5 µs record: " + recorded.getValueAtPercentile(50));
    }

    @Test
    void shouldOnlyCountWithoutALatencyFunction() throws Exception {
        DiscardingSink<String> sink = DiscardingSink.create();
        SinkWriter<String> writer = sink.createWriter(CONTEXT);
        writer.write("a", 0);
        writer.write("b", 0);

        assertEquals(2, sink.count());
        assertNull(sink.latencyRecorder());
    }
}
