package io.ringflow.demo;

/** One second of one symbol: traded volume and volume-weighted average price. */
public record Bar(String symbol, long windowEndMs, long volume, double vwap, long trades) {
}
