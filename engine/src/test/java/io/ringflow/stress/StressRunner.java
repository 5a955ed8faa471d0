package io.ringflow.stress;

import io.ringflow.testing.NoLeakedThreads;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The long version of the liveness stress suite, run by {@code scripts/stress --minutes N}:
 * random scenarios (mode, variant, parallelism 2–4, ring size, 0–3 injected failures, a SIGKILL
 * and restore in one run of four) until the time is up, then a summary, printed and appended to
 * {@code RESULTS/stress-<date>.txt}. A hang's diagnostics go to a file beside it. Exit 1 on any
 * violation, 2 on a usage error.
 */
public final class StressRunner {
    private static final int[] RING_SIZES = {64, 256, 4096};
    private static final int MAX_FAILURES = 3;
    private static final int SIGKILL_ONE_IN = 4;
    /** Run directories of violations kept for a look; a run's Chronicle files take ~200 MB at 3 M records. */
    private static final int KEEP_FAILED_DIRS = 3;
    private static final String USAGE = "usage: scripts/stress --minutes N [--seed S] [--records N] [--mode "
        + List.of(Mode.values()) + "] [--variant " + List.of(Variant.values()) + "] [--results DIR] [--commit LABEL]";

    private record Options(double minutes, long seed, long records, Mode mode, Variant variant, Path results, String commit) {
        static Options parse(String[] args) {
            double minutes = -1;
            long seed = System.nanoTime();
            long records = 3_000_000;
            Mode mode = null;
            Variant variant = null;
            Path results = Path.of("benchmarks", "results");
            String commit = "";
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value");
                }
                String value = args[i + 1];
                switch (args[i]) {
                    case "--minutes" -> minutes = Double.parseDouble(value);
                    case "--seed" -> seed = Long.parseLong(value);
                    case "--records" -> records = Long.parseLong(value.replace("_", "").replace(",", ""));
                    case "--mode" -> mode = Mode.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
                    case "--variant" -> variant = Variant.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
                    case "--results" -> results = Path.of(value);
                    case "--commit" -> commit = value;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (minutes <= 0) {
                throw new IllegalArgumentException("--minutes must be given and positive");
            }
            if (records < Variant.FAN_OUT_FACTOR) {
                throw new IllegalArgumentException("--records must be at least " + Variant.FAN_OUT_FACTOR);
            }
            return new Options(minutes, seed, records, mode, variant, results, commit);
        }
    }

    private StressRunner() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\n" + USAGE);
            System.exit(2);
            return;
        }
        System.exit(run(options) ? 0 : 1);
    }

    private static boolean run(Options options) throws IOException, InterruptedException {
        Files.createDirectories(options.results());
        String started = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
        System.out.printf("stress: %s min, seed %d, %,d records per run%n", options.minutes(), options.seed(), options.records());
        Random random = new Random(options.seed());
        Deque<Scenario> deck = new ArrayDeque<>();
        StressSummary summary = new StressSummary();
        long startNanos = System.nanoTime();
        long deadline = startNanos + (long) (options.minutes() * 60e9);
        int keptDirs = 0;
        boolean aborted = false;
        while (System.nanoTime() < deadline && !aborted) {
            if (deck.isEmpty()) {
                deck.addAll(shuffledDeck(random, options));
            }
            Scenario scenario = deck.pop();
            boolean sigkill = random.nextInt(SIGKILL_ONE_IN) == 0;
            Path dir = Files.createTempDirectory("ringflow-stress-");
            RunResult result = sigkill ? SigkillRun.execute(scenario, dir) : InProcessRun.execute(scenario, dir, false);
            String details = null;
            if (!result.ok()) {
                details = writeDetails(options.results(), summary.runs() + 1, result);
            }
            summary.add(result, details);
            System.out.printf("run %d [%s] %s %s%n", summary.runs(), LocalTime.now().withNano(0),
                sigkill ? "sigkill" : "in-jvm ", result.summary());
            if (details != null) {
                printHead(result.describe(), 60);
                System.out.println("  full details: " + details + (keptDirs < KEEP_FAILED_DIRS ? ", files: " + dir : ""));
            }
            if (result.ok() || keptDirs++ >= KEEP_FAILED_DIRS) {
                delete(dir);
            }
            if (!NoLeakedThreads.ringflowThreads().isEmpty() && !threadsEnd()) {
                System.out.println("stress: threads of the last job are still running after cancel; stopping here");
                aborted = true;
            }
        }
        String header = String.format("== ringflow liveness stress, %s, %.1f min%s, seed %d, %,d records per run%s ==",
            started, (System.nanoTime() - startNanos) / 60e9, aborted ? " (ABORTED)" : "", options.seed(), options.records(),
            options.commit().isEmpty() ? "" : ", engine " + options.commit());
        String text = summary.render(header);
        System.out.println();
        System.out.print(text);
        Path file = options.results().resolve("stress-" + LocalDate.now() + ".txt");
        Files.writeString(file, text + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.out.println("stress: summary appended to " + file);
        return !summary.hasViolations() && !aborted;
    }

    /**
     * One scenario for each mode and variant (or the pinned ones), in random order, so that every
     * combination gets its share of runs; parallelism, ring size, failures and seed are random.
     */
    private static List<Scenario> shuffledDeck(Random random, Options options) {
        List<Scenario> deck = new ArrayList<>();
        for (Mode mode : options.mode() != null ? List.of(options.mode()) : List.of(Mode.values())) {
            for (Variant variant : options.variant() != null ? List.of(options.variant()) : List.of(Variant.values())) {
                long records = options.records() / variant.fanOut() * variant.fanOut();
                deck.add(new Scenario(mode, variant, 2 + random.nextInt(3), records,
                    RING_SIZES[random.nextInt(RING_SIZES.length)], random.nextInt(MAX_FAILURES + 1), random.nextLong()));
            }
        }
        Collections.shuffle(deck, random);
        return deck;
    }

    private static String writeDetails(Path results, int run, RunResult result) throws IOException {
        Path file = results.resolve("stress-" + LocalDate.now() + "-run" + run + "-"
            + LocalTime.now().format(DateTimeFormatter.ofPattern("HHmmss")) + "-" + result.problem().toLowerCase(Locale.ROOT) + ".txt");
        Files.writeString(file, result.describe() + "\n");
        return file.toString();
    }

    private static void printHead(String text, int lines) {
        text.lines().skip(1).limit(lines).forEach(line -> System.out.println("  | " + line));
    }

    /** The leak check's grace period: threads of a job just cancelled may take a moment to exit. */
    private static boolean threadsEnd() throws InterruptedException {
        for (int i = 0; i < 250 && !NoLeakedThreads.ringflowThreads().isEmpty(); i++) {
            Thread.sleep(20);
        }
        return NoLeakedThreads.ringflowThreads().isEmpty();
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(file);
            }
        }
    }
}
