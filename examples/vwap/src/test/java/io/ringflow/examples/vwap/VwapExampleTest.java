package io.ringflow.examples.vwap;

import io.ringflow.examples.vwap.VwapExample.Bar;
import io.ringflow.examples.vwap.VwapExample.Trade;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VwapExampleTest {

    @Test
    void mainPrintsOneBarPerSymbolAndSecondWithExactSums() throws Exception {
        long count = 30_000;
        double rate = 5_000; // 6 s of event time, 8 symbols
        String printed = runMain(String.valueOf(count), String.valueOf(rate));

        // The bars computed in plain Java from the same trades, keyed by (window end, symbol).
        Map<String, long[]> sums = new TreeMap<>();
        for (long sequence = 0; sequence < count; sequence++) {
            Trade trade = Trade.generate(sequence, rate);
            long windowEnd = trade.timeMs() - Math.floorMod(trade.timeMs(), 1000L) + 1000;
            long[] s = sums.computeIfAbsent(String.format("%015d %s", windowEnd, trade.symbol()), k -> new long[3]);
            s[0]++;
            s[1] += trade.quantity();
            s[2] += trade.quantity() * trade.priceCents();
        }
        List<String> expected = new ArrayList<>();
        sums.forEach((key, s) -> expected.add(
            new Bar(key.substring(16), Long.parseLong(key.substring(0, 15)), s[0], s[1], s[2]).format()));
        expected.add("bars: " + sums.size());

        assertTrue(sums.size() >= 6 * VwapExample.SYMBOLS.length, "distinct (symbol, second) pairs: " + sums.size());
        List<String> lines = printed.lines().filter(line -> line.startsWith("20") || line.startsWith("bars:")).toList();
        assertEquals(expected, lines);
    }

    private static String runMain(String... args) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            VwapExample.main(args);
        } finally {
            System.setOut(original);
        }
        String printed = captured.toString(StandardCharsets.UTF_8);
        original.print(printed);
        return printed;
    }
}
