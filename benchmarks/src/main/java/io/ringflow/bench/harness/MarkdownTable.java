package io.ringflow.bench.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A report table with one row per variant: the variant's name, the number of runs, then one
 * cell per column computed over the variant's runs (usually a median: the machine is noisy).
 */
final class MarkdownTable {
    private final List<String> headers = new ArrayList<>(List.of("variant", "n"));
    private final List<String> aligns = new ArrayList<>(List.of("---", "--:"));
    private final List<Function<List<Map<String, Object>>, String>> cells = new ArrayList<>();

    /** A right-aligned column: the median of the number at {@code path}, printed with {@code pattern}. */
    MarkdownTable median(String header, String path, String pattern) {
        return column(header, "--:", runs -> Report.format(Stats.medianOf(runs, path), pattern));
    }

    /** A right-aligned column: the largest number at {@code path} over the variant's runs (the worst repeat). */
    MarkdownTable max(String header, String path, String pattern) {
        return column(header, "--:", runs -> Report.format(Stats.maxOf(runs, path), pattern));
    }

    /** A column computed by {@code cell} from the variant's runs. */
    MarkdownTable column(String header, String align, Function<List<Map<String, Object>>, String> cell) {
        headers.add(header);
        aligns.add(align);
        cells.add(cell);
        return this;
    }

    String render(Map<String, List<Map<String, Object>>> variants) {
        StringBuilder md = new StringBuilder();
        md.append("| ").append(String.join(" | ", headers)).append(" |\n");
        md.append("| ").append(String.join(" | ", aligns)).append(" |\n");
        variants.forEach((name, runs) -> {
            md.append("| ").append(name).append(" | ").append(runs.size());
            for (Function<List<Map<String, Object>>, String> cell : cells) {
                md.append(" | ").append(cell.apply(runs));
            }
            md.append(" |\n");
        });
        return md.toString();
    }

    /** "k/n" runs for which the boolean at {@code field} is true. */
    static String countTrue(List<Map<String, Object>> runs, String field) {
        long yes = runs.stream().filter(run -> Boolean.TRUE.equals(run.get(field))).count();
        return yes + "/" + runs.size();
    }
}
