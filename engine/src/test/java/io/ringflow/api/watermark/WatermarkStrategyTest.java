package io.ringflow.api.watermark;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WatermarkStrategyTest {
    private static final class Recorder implements WatermarkOutput {
        final List<Long> watermarks = new ArrayList<>();

        @Override
        public void emitWatermark(long watermark) {
            watermarks.add(watermark);
        }

        @Override
        public void markIdle() {
            watermarks.add(null);
        }
    }

    @Test
    void shouldTrailTheHighestTimestampByTheBoundAndOneMillisecond() {
        WatermarkGenerator<String> generator = WatermarkStrategy.<String>forBoundedOutOfOrderness(Duration.ofMillis(50))
            .createGenerator();
        Recorder out = new Recorder();
        generator.onPeriodicEmit(out);
        generator.onEvent("a", 1_000, out);
        generator.onPeriodicEmit(out);
        generator.onEvent("b", 900, out); // out of order: no step back
        generator.onPeriodicEmit(out);
        generator.onEvent("c", 1_200, out);
        generator.onPeriodicEmit(out);
        assertEquals(List.of(Long.MIN_VALUE, 949L, 949L, 1_149L), out.watermarks);
    }

    @Test
    void shouldDescribeAssignerIdlenessAndFreshGenerators() {
        WatermarkStrategy<String> strategy = WatermarkStrategy.<String>forMonotonousTimestamps()
            .withTimestampAssigner((s, ts) -> s.length())
            .withIdleness(Duration.ofSeconds(2));
        assertEquals(2_000, strategy.idleTimeoutMs());
        assertEquals(3, strategy.timestampAssigner().extractTimestamp("abc", 0));
        assertNotSame(strategy.createGenerator(), strategy.createGenerator(), "one generator per source subtask");

        WatermarkStrategy<String> none = WatermarkStrategy.noWatermarks();
        assertNull(none.createGenerator());
        assertNull(none.timestampAssigner());
        assertEquals(0, none.idleTimeoutMs());
    }

    @Test
    void shouldRejectBadDurations() {
        assertThrows(IllegalArgumentException.class, () -> WatermarkStrategy.noWatermarks().withIdleness(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new BoundedOutOfOrdernessWatermarks<>(-1));
    }
}
