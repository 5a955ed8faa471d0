package io.ringflow.api.window;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TumblingWindowsTest {
    @ParameterizedTest(name = "{0} ms with offset {1} ms is in [{2}, {3})")
    @CsvSource({"0, 0, 0, 100", "99, 0, 0, 100", "100, 0, 100, 200", "-1, 0, -100, 0", "-100, 0, -100, 0",
        "5, 10, -90, 10", "10, 10, 10, 110", "-95, -10, -110, -10"})
    void shouldAssignEachEventTimeToOneWindow(long timestamp, long offset, long start, long end) {
        TumblingEventTimeWindows windows = TumblingEventTimeWindows.of(Duration.ofMillis(100), Duration.ofMillis(offset));
        TimeWindow window = windows.assignWindow(timestamp, 123_456);
        assertEquals(new TimeWindow(start, end), window);
        assertEquals(end - 1, window.maxTimestamp());
        assertTrue(windows.isEventTime());
        assertEquals(100, windows.sizeMs());
    }

    @Test
    void shouldAssignProcessingTimeWindowsByTheClockNotTheRecord() {
        TumblingProcessingTimeWindows windows = TumblingProcessingTimeWindows.of(Duration.ofSeconds(1));
        assertEquals(new TimeWindow(5_000, 6_000), windows.assignWindow(Long.MIN_VALUE, 5_999));
        assertEquals(new TimeWindow(6_000, 7_000), windows.assignWindow(0, 6_000));
        assertFalse(windows.isEventTime());
    }

    @Test
    void shouldRejectRecordsWithoutTimestampAndBadSizes() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> TumblingEventTimeWindows.of(Duration.ofMillis(10)).assignWindow(Long.MIN_VALUE, 0));
        assertTrue(e.getMessage().contains("timestamp assigner"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TumblingEventTimeWindows.of(Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
            () -> TumblingEventTimeWindows.of(Duration.ofMillis(10), Duration.ofMillis(10)));
        assertThrows(IllegalArgumentException.class, () -> TumblingProcessingTimeWindows.of(Duration.ofMillis(-1)));
    }
}
