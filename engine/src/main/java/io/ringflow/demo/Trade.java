package io.ringflow.demo;

/** One trade of the demo: event time in epoch ms, price in cents, creation time for latency. */
public record Trade(String symbol, long timeMs, long priceCents, long quantity, long createdNanos) {
    static final String[] SYMBOLS = {"AAPL", "MSFT", "NVDA", "AMZN", "GOOG", "META", "TSLA", "AMD",
        "INTC", "ORCL", "IBM", "CSCO", "ADBE", "CRM", "QCOM", "TXN"};
    static final long EPOCH_MS = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    /** The trade of a sequence number: deterministic, so a run can be replayed and verified. */
    static Trade generate(long sequence, double eventsPerSecond) {
        int symbol = (int) (mix(sequence) & 15);
        long step = mix(sequence * 31 + 7);
        long priceCents = 10_000 + symbol * 1_000 + step % 1000;
        long quantity = 1 + (step >>> 20) % 500;
        long timeMs = EPOCH_MS + (long) (sequence * 1000.0 / eventsPerSecond);
        return new Trade(SYMBOLS[symbol], timeMs, priceCents, quantity, System.nanoTime());
    }

    private static long mix(long x) {
        x = (x ^ (x >>> 33)) * 0xff51afd7ed558ccdL;
        x = (x ^ (x >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return (x ^ (x >>> 33)) & Long.MAX_VALUE;
    }
}
