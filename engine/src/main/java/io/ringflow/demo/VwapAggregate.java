package io.ringflow.demo;

import io.ringflow.api.functions.AggregateFunction;

/** Accumulates {trades, volume, notional} of a window; the result is the window's VWAP inputs. */
final class VwapAggregate implements AggregateFunction<Trade, double[], double[]> {
    private static final long serialVersionUID = 1L;

    @Override
    public double[] createAccumulator() {
        return new double[3];
    }

    @Override
    public double[] add(Trade trade, double[] accumulator) {
        accumulator[0] += 1;
        accumulator[1] += trade.quantity();
        accumulator[2] += trade.quantity() * trade.price();
        return accumulator;
    }

    @Override
    public double[] getResult(double[] accumulator) {
        return accumulator;
    }

    @Override
    public double[] merge(double[] a, double[] b) {
        return new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]};
    }
}
