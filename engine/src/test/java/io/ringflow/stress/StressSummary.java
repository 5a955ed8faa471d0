package io.ringflow.stress;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Tallies the long runner's results per mode and variant, and renders the summary it prints and appends to the results file. */
final class StressSummary {
    /** Violation kinds, in the order of the table's columns ({@link RunResult#problem()}). */
    private static final List<String> PROBLEMS = List.of("HANG", "ERROR", "LOSS", "DUPLICATE", "OUT-OF-ORDER", "UNEXPECTED-RESTART");

    private final Map<Mode, Map<Variant, Tally>> tallies = new EnumMap<>(Mode.class);
    private final List<String> violations = new ArrayList<>();
    private long failuresSurvived;
    private long sigkillsSurvived;
    private long recordsChecked;
    private int runs;

    private static final class Tally {
        int runs;
        int passed;
        final Map<String, Integer> problems = new HashMap<>();
    }

    void add(RunResult result, String detailsFile) {
        runs++;
        Tally tally = tallies.computeIfAbsent(result.scenario().mode(), m -> new EnumMap<>(Variant.class))
            .computeIfAbsent(result.scenario().variant(), v -> new Tally());
        tally.runs++;
        if (result.verdict() != null) {
            recordsChecked += result.verdict().records();
        }
        if (result.ok()) {
            tally.passed++;
            failuresSurvived += result.failuresInjected();
            sigkillsSurvived += result.killed() ? 1 : 0;
        } else {
            tally.problems.merge(result.problem(), 1, Integer::sum);
            violations.add(result.summary() + (detailsFile == null ? "" : "\n    details: " + detailsFile));
        }
    }

    int runs() {
        return runs;
    }

    boolean hasViolations() {
        return !violations.isEmpty();
    }

    String render(String header) {
        StringBuilder out = new StringBuilder(header).append('\n');
        out.append(String.format(Locale.ROOT, "%-16s %-11s %5s %6s", "mode", "variant", "runs", "passed"));
        PROBLEMS.forEach(problem -> out.append(String.format(Locale.ROOT, " %s", problem.toLowerCase(Locale.ROOT))));
        out.append('\n');
        tallies.forEach((mode, variants) -> variants.forEach((variant, tally) -> {
            out.append(String.format(Locale.ROOT, "%-16s %-11s %5d %6d", mode, variant, tally.runs, tally.passed));
            PROBLEMS.forEach(problem -> out.append(String.format(Locale.ROOT, " %" + problem.length() + "d",
                tally.problems.getOrDefault(problem, 0))));
            out.append('\n');
        }));
        out.append(String.format(Locale.ROOT, "runs %d, passed %d; injected failures survived %d; SIGKILLs survived %d;"
            + " records checked %,d%n", runs, runs - violations.size(), failuresSurvived, sigkillsSurvived, recordsChecked));
        if (violations.isEmpty()) {
            out.append("no hang, loss, duplicate or reordering\n");
        } else {
            out.append("VIOLATIONS (").append(violations.size()).append("):\n");
            violations.forEach(v -> out.append("  ").append(v).append('\n'));
        }
        return out.toString();
    }
}
