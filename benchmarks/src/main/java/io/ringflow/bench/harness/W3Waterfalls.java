package io.ringflow.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The report's section on W3's traces: per variant the median time (over its repeats) at which
 * each phase was reached, and per run the waterfall of its median checkpoint
 * ({@code w3-waterfall-VARIANT-rREPEAT.svg}, on its own time axis), aligned and unaligned of each
 * repeat one after the other; all of them also in one figure on a shared axis ({@code w3-waterfall-all.svg}),
 * where the lengths of the modes compare.
 */
final class W3Waterfalls {
    static final String PREFIX = "w3-waterfall-";
    static final String ALL = PREFIX + "all.svg";
    private static final String[][] PHASES = {{"last task began", "last_task_began"}, {"last sync end", "last_sync_end"},
        {"last capture end", "last_capture_end"}, {"last in-flight written", "last_in_flight_written"},
        {"last async end", "last_async_end"}, {"last ack", "last_ack"}, {"ack seen", "last_ack_seen"},
        {"metadata written", "metadata_written"}, {"completed", "completed"}, {"notified", "notified"}};

    private W3Waterfalls() {
    }

    /** Writes the waterfalls of {@code w3}'s runs into {@code dir} (removing older ones) and returns the section. */
    static String write(Path dir, List<Map<String, Object>> w3) throws IOException {
        try (Stream<Path> old = Files.list(dir)) {
            for (Path file : old.filter(f -> f.getFileName().toString().startsWith(PREFIX)).toList()) {
                Files.delete(file);
            }
        }
        List<Map<String, Object>> traced = w3.stream().filter(run -> medianTrace(run) != null)
            .sorted(Comparator.comparingDouble(run -> Stats.number(run, "repeat") == null ? 0 : Stats.number(run, "repeat")))
            .toList();
        if (traced.isEmpty()) {
            return "";
        }
        MarkdownTable table = new MarkdownTable().median("ckpts traced", "checkpoints.traces", "%.0f");
        for (String[] phase : PHASES) {
            table.median(phase[0], "checkpoints.trace_p50_us." + phase[1], "%,.0f");
        }
        StringBuilder md = new StringBuilder("\n## W3: where the median checkpoint's time went\n\n")
            .append("When the last task (or the coordinator) reached each phase, in µs after the trigger: per run the ")
            .append("median over its checkpoints, then the median over the repeats. The waterfalls draw each run's ")
            .append("median checkpoint (by trigger → completed), one row per task and one for the coordinator: ")
            .append("first all on one time axis, to compare the modes, then each on its own, for the detail. ")
            .append("`–`: the phase does not happen in that mode.\n\n")
            .append(table.render(Report.variants(traced, run -> true))).append('\n');
        List<Waterfall.Panel> panels = traced.stream().map(run -> new Waterfall.Panel(title(run), medianTrace(run))).toList();
        Files.writeString(dir.resolve(ALL), Waterfall.svg("W3: the median checkpoint of each run, on one time axis", panels));
        md.append("![W3 waterfalls on one axis](").append(ALL).append(")\n\n");
        for (Map<String, Object> run : traced) {
            String file = fileName(run);
            Files.writeString(dir.resolve(file), Waterfall.svg(title(run), medianTrace(run)));
            md.append("![").append(Report.variantName(run)).append(" r").append(run.get("repeat")).append("](")
                .append(file).append(")\n\n");
        }
        return md.toString();
    }

    /** E.g. {@code w3-waterfall-unaligned-page-cache-r1.svg}. */
    static String fileName(Map<String, Object> run) {
        String variant = Report.variantName(run).replaceFirst("^w3 ", "").toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return PREFIX + variant + "-r" + run.get("repeat") + ".svg";
    }

    private static String title(Map<String, Object> run) {
        Map<String, Object> trace = medianTrace(run);
        return String.format(Locale.ROOT, "%s r%s: checkpoint %s, the median of %s, trigger → completed %,.0f µs",
            Report.variantName(run), run.get("repeat"), trace.get("checkpoint_id"), run.get("checkpoints") instanceof Map<?, ?> c
                ? c.get("traces") : "?", Stats.number(trace, "end_to_end_us"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> medianTrace(Map<String, Object> run) {
        return run.get("checkpoints") instanceof Map<?, ?> checkpoints
            && checkpoints.get("median_trace") instanceof Map<?, ?> trace
            ? (Map<String, Object>) trace : null;
    }
}
