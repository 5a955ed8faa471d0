package io.ringflow.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The load harness's command line. One JVM per measured run, so runs cannot warm or pollute
 * each other's heap; {@code scripts/bench} drives it:
 * <pre>
 *   Harness plan   --dir DIR [--quick] [--repeats N] [--workload W]
 *                                                      prints "FILE option..." per run (of W only, e.g. w5)
 *   Harness run    --out FILE option...                runs one variant, writes its run object
 *                                                      (W4: a list of its three jobs' objects)
 *   Harness fail   --out FILE --reason TEXT option...  writes the error object of a run that died
 *   Harness report --dir DIR [--engine-commit C] [--engine-uncommitted FILES] [--started ISO]
 *                  [--load-before "1 5 15"] [--load-after "1 5 15"]
 *                                                      DIR/runs/*.json → results.json, report.md, latency.svg;
 *                                                      the optional figures go into results.json's machine object
 * </pre>
 */
public final class Harness {
    private Harness() {
    }

    public static void main(String[] args) throws Exception {
        int status = 2;
        try {
            status = execute(args);
        } catch (IllegalArgumentException e) {
            System.err.println("harness: " + e.getMessage());
        }
        // Exits explicitly: a job thread that failed to stop must not keep the JVM alive.
        System.exit(status);
    }

    static int execute(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException("usage: Harness plan|run|report ...; see the class javadoc");
        }
        List<String> options = Arrays.asList(args).subList(1, args.length);
        switch (args[0]) {
            case "run":
                Path out = Path.of(option(options, "--out", null));
                return write(out, runOne(RunSpec.parse(options))) ? 0 : 1;
            case "fail":
                List<String> runOptions = new ArrayList<>(options);
                int reasonAt = runOptions.indexOf("--reason");
                String reason = option(options, "--reason", null);
                runOptions.subList(reasonAt, reasonAt + 2).clear();
                write(Path.of(option(options, "--out", null)), List.of(RunObject.error(RunSpec.parse(runOptions), reason)));
                return 0;
            case "plan":
                String only = option(options, "--workload", "");
                plan(Path.of(option(options, "--dir", null)), options.contains("--quick"),
                    Integer.parseInt(option(options, "--repeats", "1")),
                    only.isEmpty() ? Workload.all() : List.of(Workload.byName(only)));
                return 0;
            case "report":
                new Report(Path.of(option(options, "--dir", null)), provenance(options)).write();
                return 0;
            default:
                throw new IllegalArgumentException("unknown command '" + args[0] + "'; use plan, run or report");
        }
    }

    /** Runs one variant; any failure becomes the run object's error, so one bad run never loses the others. */
    static List<Map<String, Object>> runOne(RunSpec spec) {
        try {
            return Workload.byName(spec.workload()).runAll(spec);
        } catch (Exception e) {
            e.printStackTrace();
            return List.of(RunObject.error(spec, String.valueOf(e)));
        }
    }

    private static void plan(Path dir, boolean quick, int repeats, List<Workload> workloads) throws IOException {
        Path runs = dir.resolve("runs");
        Files.createDirectories(runs);
        int index = 0;
        for (Workload workload : workloads) {
            for (RunSpec spec : workload.plan(quick, repeats)) {
                Path file = runs.resolve(String.format("%02d-%s.json", ++index, spec.label()));
                System.out.println(file + " " + String.join(" ", spec.toArgs()));
            }
        }
    }

    /** Writes the run object (a list when one JVM ran several jobs); true when none carries an error. */
    private static boolean write(Path file, List<Map<String, Object>> runs) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.writeString(file, Json.write(runs.size() == 1 ? runs.get(0) : runs) + "\n");
        return runs.stream().noneMatch(run -> run.containsKey("error"));
    }

    /** The report's optional provenance options as fields of the {@code machine} object. */
    static Map<String, Object> provenance(List<String> options) {
        Map<String, Object> fields = new LinkedHashMap<>();
        String commit = option(options, "--engine-commit", "");
        if (!commit.isEmpty()) {
            fields.put("engine_commit", commit);
        }
        String uncommitted = option(options, "--engine-uncommitted", "");
        if (!commit.isEmpty() || !uncommitted.isEmpty()) {
            fields.put("engine_uncommitted", uncommitted.isEmpty() ? List.of() : List.of(uncommitted.split(",")));
        }
        String started = option(options, "--started", "");
        if (!started.isEmpty()) {
            fields.put("bench_started", started);
        }
        for (String[] load : new String[][] {{"--load-before", "load_avg_before"}, {"--load-after", "load_avg_after"}}) {
            String value = option(options, load[0], "");
            if (!value.isEmpty()) {
                fields.put(load[1], LoadAvg.parse(value));
            }
        }
        return fields;
    }

    private static String option(List<String> options, String name, String fallback) {
        int at = options.indexOf(name);
        if (at >= 0 && at + 1 < options.size()) {
            return options.get(at + 1);
        }
        if (fallback == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return fallback;
    }
}
