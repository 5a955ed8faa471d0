package io.ringflow.bench.jmh;

import org.HdrHistogram.Histogram;

/**
 * The two legs of a barrier's way, from timestamps taken on the task threads: trigger call →
 * the last source subtask emitting the barrier (coordinator and source mailbox), and from there
 * → the last sink subtask processing it (rings, alignment, synchronous snapshot).
 */
final class BarrierLegs {
    private final Histogram toSource = new Histogram(3);
    private final Histogram toSink = new Histogram(3);

    void record(long triggerNs, long sourceNs, long sinkNs) {
        toSource.recordValue(Math.max(0, sourceNs - triggerNs));
        toSink.recordValue(Math.max(0, sinkNs - sourceNs));
    }

    /** One line for the JMH log: p50 / p99 of each leg in µs. */
    String describe(String variant) {
        return String.format("barrier legs (%s, %d samples): trigger -> source p50 %.0f / p99 %.0f us; "
                + "source -> sink p50 %.0f / p99 %.0f us", variant, toSource.getTotalCount(),
            micros(toSource, 50), micros(toSource, 99), micros(toSink, 50), micros(toSink, 99));
    }

    private static double micros(Histogram nanos, double percentile) {
        return nanos.getValueAtPercentile(percentile) / 1000.0;
    }
}
