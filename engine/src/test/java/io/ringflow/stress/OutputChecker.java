package io.ringflow.stress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Checks a job's output by counting, per key, as it streams past in commit order. Every value
 * {@code 0 .. total-1} must be present. In exactly-once modes also: no value twice, each key's
 * counts exactly {@code 1, 2, 3, ...}, and the values of a key from one source subtask in
 * ascending order (the order that subtask emitted them). At-least-once allows duplicates.
 */
final class OutputChecker implements Consumer<Counted> {
    private static final int MAX_EXAMPLES = 5;

    private final long total;
    private final int fanOut;
    private final int sourceParallelism;
    private final boolean exactlyOnce;
    private final BitSet seen;
    /** The last count seen per key. */
    private final long[] lastCount = new long[Scenario.KEYS];
    /** The last value seen per (key, source subtask). */
    private final long[] lastValue;
    private final List<String> examples = new ArrayList<>();
    private long records;
    private long duplicates;
    private long countBreaks;
    private long reordered;
    private long unexpected;

    OutputChecker(Scenario scenario) {
        this(scenario.records(), scenario.variant().fanOut(), scenario.parallelism(), scenario.mode().exactlyOnce());
    }

    OutputChecker(long total, int fanOut, int sourceParallelism, boolean exactlyOnce) {
        this.total = total;
        this.fanOut = fanOut;
        this.sourceParallelism = sourceParallelism;
        this.exactlyOnce = exactlyOnce;
        this.seen = new BitSet(Math.toIntExact(total));
        this.lastValue = new long[Scenario.KEYS * sourceParallelism];
        Arrays.fill(lastValue, -1);
    }

    @Override
    public void accept(Counted record) {
        records++;
        long value = record.value();
        if (value < 0 || value >= total || record.key() != value % Scenario.KEYS) {
            unexpected++;
            example("unexpected record " + record);
            return;
        }
        boolean duplicate = seen.get((int) value);
        seen.set((int) value);
        if (duplicate) {
            duplicates++;
            if (exactlyOnce) {
                example("value " + value + " of key " + record.key() + " again, as count " + record.count());
            }
        }
        if (!exactlyOnce) {
            return;
        }
        int key = (int) record.key();
        if (record.count() != lastCount[key] + 1) {
            countBreaks++;
            example("key " + key + ": count " + record.count() + " after " + lastCount[key] + " (value " + value + ")");
        }
        lastCount[key] = record.count(); // resynchronise, so that one gap is reported once
        int origin = key * sourceParallelism + (int) ((value / fanOut) % sourceParallelism);
        if (!duplicate && value < lastValue[origin]) {
            reordered++;
            example("key " + key + ": value " + value + " after " + lastValue[origin] + " from the same source subtask");
        }
        lastValue[origin] = Math.max(lastValue[origin], value);
    }

    private void example(String what) {
        if (examples.size() < MAX_EXAMPLES) {
            examples.add(what);
        }
    }

    Verdict verdict() {
        long lost = total - seen.cardinality();
        List<String> all = new ArrayList<>(examples);
        for (int v = seen.nextClearBit(0), shown = 0; v < total && shown < MAX_EXAMPLES; v = seen.nextClearBit(v + 1), shown++) {
            all.add("value " + v + " of key " + v % Scenario.KEYS + " missing");
        }
        return new Verdict(exactlyOnce, records, lost, duplicates, countBreaks, reordered, unexpected, List.copyOf(all));
    }

    /** What the checker found; {@code examples} names the first few violations of each kind. */
    record Verdict(boolean exactlyOnce, long records, long lost, long duplicates, long countBreaks, long reordered,
                   long unexpected, List<String> examples) {
        boolean ok() {
            return lost == 0 && unexpected == 0 && (!exactlyOnce || duplicates == 0 && countBreaks == 0 && reordered == 0);
        }

        boolean hasLoss() {
            return lost > 0 || unexpected > 0;
        }

        boolean hasDuplicates() {
            return exactlyOnce && duplicates > 0;
        }

        boolean hasDisorder() {
            return exactlyOnce && (countBreaks > 0 || reordered > 0);
        }

        String describe() {
            return String.format(Locale.ROOT, "%,d records: %,d lost, %,d duplicates%s, %,d count breaks, %,d reordered,"
                    + " %,d unexpected%s", records, lost, duplicates, exactlyOnce ? "" : " (allowed)", countBreaks,
                reordered, unexpected, examples.isEmpty() ? "" : "; " + String.join("; ", examples));
        }
    }
}
