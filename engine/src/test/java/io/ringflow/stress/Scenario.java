package io.ringflow.stress;

import java.util.List;
import java.util.Locale;

/**
 * One stress job: its checkpointing mode, where it is slow, the parallelism of its sources and
 * keyed operator (the sink always runs at 1), how many records reach the sink, the ring size,
 * how many failures to inject and the seed they are drawn from.
 *
 * <pre>
 *  generator (p) [-> fan-out x100] --keyBy(value % 128)--> count per key (p) --rebalance--> pace -> log sink (1)
 * </pre>
 */
record Scenario(Mode mode, Variant variant, int parallelism, long records, int ringSize, int failures, long seed) {
    static final int KEYS = 128;

    Scenario {
        if (records <= 0 || records % variant.fanOut() != 0) {
            throw new IllegalArgumentException("records must be a positive multiple of " + variant.fanOut() + ": " + records);
        }
    }

    /** The same job at the default ring size and parallelism 2 without failures, for the short suite. */
    static Scenario of(Mode mode, Variant variant, long records, long seed) {
        return new Scenario(mode, variant, 2, records, 256, 0, seed);
    }

    Scenario withParallelism(int p) {
        return new Scenario(mode, variant, p, records, ringSize, failures, seed);
    }

    Scenario withFailures(int count) {
        return new Scenario(mode, variant, parallelism, records, ringSize, count, seed);
    }

    /** Records the sources emit: every one becomes {@link Variant#fanOut()} records with values 0 .. records-1. */
    long inputs() {
        return records / variant.fanOut();
    }

    /** A restore from {@code latest} finds the checkpoints by the job's name, so it must not change between runs. */
    String jobName() {
        return ("stress-" + mode + "-" + variant + "-p" + parallelism + "-" + Long.toHexString(seed)).toLowerCase(Locale.ROOT);
    }

    /** The fields as command-line arguments for a child JVM; {@link #fromArgs} reads them back. */
    List<String> toArgs() {
        return List.of(mode.name(), variant.name(), Integer.toString(parallelism), Long.toString(records),
            Integer.toString(ringSize), Integer.toString(failures), Long.toString(seed));
    }

    static Scenario fromArgs(List<String> args) {
        return new Scenario(Mode.valueOf(args.get(0)), Variant.valueOf(args.get(1)), Integer.parseInt(args.get(2)),
            Long.parseLong(args.get(3)), Integer.parseInt(args.get(4)), Integer.parseInt(args.get(5)), Long.parseLong(args.get(6)));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s %s p=%d ring=%d records=%,d failures=%d seed=%d", mode, variant, parallelism,
            ringSize, records, failures, seed);
    }
}
