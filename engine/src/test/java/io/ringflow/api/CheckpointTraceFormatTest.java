package io.ringflow.api;

import org.junit.jupiter.api.Test;

import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Trace times read as {@code %,d} would print them, without its cost; a missing time as "-". */
class CheckpointTraceFormatTest {
    @Test
    void shouldGroupDigitsByThousandsAsFormatDoes() {
        long[] edges = {0, 7, 99, 999, 1_000, 12_345, 999_999, 1_000_000, 123_456_789, -2, -999, -1_000, -45_678,
            Long.MAX_VALUE, Long.MIN_VALUE + 1};
        for (long value : edges) {
            assertEquals(String.format(Locale.ROOT, "%,d", value), CheckpointTrace.micros(value), "value " + value);
        }
        SplittableRandom random = new SplittableRandom(27);
        for (int i = 0; i < 10_000; i++) {
            long value = random.nextLong() >> random.nextInt(64);
            if (value != CheckpointTrace.NONE) {
                assertEquals(String.format(Locale.ROOT, "%,d", value), CheckpointTrace.micros(value), "value " + value);
            }
        }
    }

    @Test
    void shouldShowAMissingTimeAsADash() {
        assertEquals("-", CheckpointTrace.micros(CheckpointTrace.NONE));
    }
}
