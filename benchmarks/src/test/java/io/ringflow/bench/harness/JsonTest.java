package io.ringflow.bench.harness;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Integers stay integers through a read and a write: results.json is rewritten from the runs' files. */
class JsonTest {
    @Test
    void shouldReadIntegersAsLongsAndOtherNumbersAsDoubles() {
        assertEquals(12L, Json.parse("12"));
        assertEquals(-3L, Json.parse("-3"));
        assertEquals(12.0, Json.parse("12.0"));
        assertEquals(12.5, Json.parse("12.5"));
        assertEquals(1000.0, Json.parse("1e3"));
        assertEquals(1.2345678901234568E23, Json.parse("123456789012345678901234"), "beyond a long");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldWriteAReadCountAsAnIntegerAgain() {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("events_per_s", 4_211_481L);
        run.put("checkpoints", Map.of("completed", 150));
        run.put("latency_us", Map.of("p50", 29.4));
        run.put("warmup_s", 5.0);
        run.put("series", List.of(List.of(0.25, 12L, 122_880L)));

        String once = Json.write(run);
        String twice = Json.write(Json.parse(once));

        assertEquals(once, twice);
        assertFalse(twice.contains("4211481.0") || twice.contains("150.0") || twice.contains("122880.0"), twice);
        Map<String, Object> read = (Map<String, Object>) Json.parse(twice);
        assertEquals(4_211_481L, read.get("events_per_s"));
        assertEquals(5.0, read.get("warmup_s"));
    }
}
