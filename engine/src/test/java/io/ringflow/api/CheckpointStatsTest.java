package io.ringflow.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The line logged after every checkpoint: the same whatever the default locale, sizes grouped by threes. */
class CheckpointStatsTest {
    @Test
    void shouldDescribeACompletedUnalignedCheckpointInOneLine() {
        CheckpointStats stats = new CheckpointStats(42, 0, CheckpointStatus.COMPLETED, 2, 0, 2, 0, 0,
            36_010_280, 125_440, true, null, 117, 58, 2_405, 3_140);
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY); // groups with '.' in String.format; a log line should not change with it
            assertEquals("checkpoint 42 COMPLETED: 2.41 ms end to end, 3.14 ms to complete (sync 117 µs, async 2 ms, alignment 0 ms, "
                + "start delay 58 µs), state 36,010,280 B, in-flight 125,440 B, unaligned", stats.describe());
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void shouldNameTheCauseOfAFailedCheckpoint() {
        CheckpointStats stats = new CheckpointStats(7, 0, CheckpointStatus.FAILED, 12, 0, 0, 5, 1,
            0, 0, false, "java.io.IOException: disk full", 900, 1_200, 12_004, 12_004);
        assertEquals("checkpoint 7 FAILED: 12.00 ms end to end (sync 900 µs, async 0 ms, alignment 5 ms, start delay "
            + "1200 µs), state 0 B, in-flight 0 B, cause: java.io.IOException: disk full", stats.describe());
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "999, 999", "1000, '1,000'", "123456, '123,456'", "1234567, '1,234,567'",
        "-1234, '-1,234'"})
    void shouldGroupSizesByThrees(long bytes, String expected) {
        CheckpointStats stats = new CheckpointStats(1, 0, CheckpointStatus.COMPLETED, 0, 0, 0, 0, 0,
            bytes, 0, false, null, 0, 0, 0, 0);
        String line = stats.describe();
        assertEquals(expected, line.substring(line.indexOf("state ") + 6, line.indexOf(" B, in-flight")));
    }
}
