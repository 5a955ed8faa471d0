package io.ringflow.demo;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares the bars a run committed with a failure-free computation of the same input, done
 * here in plain Java: every bar must be there exactly once with exactly the right sums.
 */
final class Verify {
    private Verify() {
    }

    static Map<String, Bar> expectedBars(long events, double eventRate) {
        Map<String, long[]> sums = new TreeMap<>();
        Map<String, String> symbols = new HashMap<>();
        Map<String, Long> ends = new HashMap<>();
        for (long seq = 0; seq < events; seq++) {
            Trade trade = Trade.generate(seq, eventRate);
            long end = trade.timeMs() - Math.floorMod(trade.timeMs(), 1000) + 1000;
            String key = trade.symbol() + "@" + end;
            long[] sum = sums.computeIfAbsent(key, k -> new long[3]);
            sum[0]++;
            sum[1] += trade.quantity();
            sum[2] += trade.quantity() * trade.priceCents();
            symbols.put(key, trade.symbol());
            ends.put(key, end);
        }
        Map<String, Bar> bars = new TreeMap<>();
        sums.forEach((key, sum) -> bars.put(key, new Bar(symbols.get(key), ends.get(key), sum[0], sum[1], sum[2])));
        return bars;
    }

    /** Prints the verdict; returns 0 when the committed output is exactly the expected one. */
    static int compare(List<Bar> committed, long events, double eventRate, PrintStream out) {
        Map<String, Bar> expected = expectedBars(events, eventRate);
        Map<String, Integer> seen = new HashMap<>();
        int duplicated = 0;
        int wrong = 0;
        int unexpected = 0;
        String example = null;
        for (Bar bar : committed) {
            String key = bar.symbol() + "@" + bar.windowEndMs();
            if (seen.merge(key, 1, Integer::sum) > 1) {
                duplicated++;
                example = example == null ? "duplicated " + bar : example;
            } else if (!expected.containsKey(key)) {
                unexpected++;
                example = example == null ? "unexpected " + bar : example;
            } else if (!expected.get(key).equals(bar)) {
                wrong++;
                example = example == null ? "expected " + expected.get(key) + ", committed " + bar : example;
            }
        }
        long missing = expected.keySet().stream().filter(key -> !seen.containsKey(key)).count();
        if (missing == 0 && duplicated == 0 && wrong == 0 && unexpected == 0) {
            out.printf("exactly-once: OK (%,d bars of %,d trades, each committed once with the expected sums)%n",
                expected.size(), events);
            return 0;
        }
        if (example == null) {
            example = "missing " + expected.entrySet().stream().filter(e -> !seen.containsKey(e.getKey()))
                .findFirst().map(Map.Entry::getValue).orElse(null);
        }
        out.printf("exactly-once: FAILED: %d missing, %d duplicated, %d with other sums, %d unexpected of %,d bars; e.g. %s%n",
            missing, duplicated, wrong, unexpected, expected.size(), example);
        return 1;
    }
}
