package io.ringflow.examples.enrichment;

import io.ringflow.examples.enrichment.EnrichmentExample.Click;
import io.ringflow.examples.enrichment.EnrichmentExample.EnrichedClick;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class EnrichmentExampleTest {

    @Test
    void everyClickIsEnrichedOnceWithItsUsersCountry(@TempDir Path dir) {
        int clicks = 20_000;
        List<EnrichedClick> enriched = EnrichmentExample.run(clicks, dir).stream()
            .sorted(Comparator.comparingLong(EnrichedClick::id)).toList();
        assertEquals(clicks, enriched.size(), "one result per click");
        for (int id = 0; id < clicks; id++) {
            Click click = Click.generate(id);
            assertEquals(new EnrichedClick(id, click.userId(), EnrichmentExample.UserService.countryOf(click.userId())),
                enriched.get(id));
        }
    }
}
