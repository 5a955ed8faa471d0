package io.ringflow.demo;

/** One second of one symbol: trades, traded volume and notional (exact, in cents); VWAP derives from them. */
public record Bar(String symbol, long windowEndMs, long trades, long volume, long notionalCents) {
    public double vwap() {
        return volume == 0 ? 0 : notionalCents / 100.0 / volume;
    }
}
