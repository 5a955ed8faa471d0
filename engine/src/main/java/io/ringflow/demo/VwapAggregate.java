package io.ringflow.demo;

import io.ringflow.api.functions.AggregateFunction;

/** Accumulates {trades, volume, notional in cents} of a window, exactly, so replays compare equal. */
final class VwapAggregate implements AggregateFunction<Trade, long[], long[]> {
    private static final long serialVersionUID = 1L;

    @Override
    public long[] createAccumulator() {
        return new long[3];
    }

    @Override
    public long[] add(Trade trade, long[] accumulator) {
        accumulator[0] += 1;
        accumulator[1] += trade.quantity();
        accumulator[2] += trade.quantity() * trade.priceCents();
        return accumulator;
    }

    @Override
    public long[] getResult(long[] accumulator) {
        return accumulator;
    }

    @Override
    public long[] merge(long[] a, long[] b) {
        return new long[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]};
    }
}
