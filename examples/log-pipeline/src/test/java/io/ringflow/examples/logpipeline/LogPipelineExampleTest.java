package io.ringflow.examples.logpipeline;

import io.ringflow.api.codec.Codecs;
import io.ringflow.connector.ChronicleLogReader;
import io.ringflow.examples.logpipeline.LogPipelineExample.EnrichedOrder;
import io.ringflow.examples.logpipeline.LogPipelineExample.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogPipelineExampleTest {

    @Test
    void mainCommitsEveryOrderOnceEnriched(@TempDir Path dir) throws Exception {
        int orders = 20_000;
        String printed = runMain(dir.toString(), String.valueOf(orders));
        assertTrue(printed.contains("committed: " + orders + " of " + orders + " orders"), printed);

        List<EnrichedOrder> output = ChronicleLogReader.readCommitted(dir.resolve("output"),
            Codecs.forClass(EnrichedOrder.class));
        assertEquals(orders, output.size());
        // Every order once, enriched correctly; each symbol's orders numbered 1, 2, ... in input order.
        List<EnrichedOrder> byId = output.stream().sorted(Comparator.comparingLong(EnrichedOrder::id)).toList();
        Map<String, Long> perSymbol = new HashMap<>();
        for (int id = 0; id < orders; id++) {
            Order order = Order.generate(id);
            long sequence = perSymbol.merge(order.symbol(), 1L, Long::sum);
            assertEquals(new EnrichedOrder(id, order.symbol(), LogPipelineExample.SECTORS.get(order.symbol()),
                order.quantity() * order.priceCents(), sequence), byId.get(id));
        }
        assertEquals(LogPipelineExample.SYMBOLS.length, perSymbol.size());
    }

    private static String runMain(String... args) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            LogPipelineExample.main(args);
        } finally {
            System.setOut(original);
        }
        String printed = captured.toString(StandardCharsets.UTF_8);
        original.print(printed);
        return printed;
    }
}
