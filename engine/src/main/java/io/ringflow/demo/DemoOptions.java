package io.ringflow.demo;

import io.ringflow.api.CheckpointConfig;
import io.ringflow.api.IdleStrategies;

import java.nio.file.Path;

/** Command-line options of the demo; a mistake throws IllegalArgumentException naming the option. */
public record DemoOptions(int durationSeconds, double ratePerSecond, int parallelism, String idleStrategy, long events,
                          Path checkpointDir, boolean checkpointing, String mode, long intervalMs,
                          double crashAfterSeconds, String restore, boolean allowNonRestoredState,
                          boolean allowDuplicateOutput, boolean verify, Path outputDir, String durability) {
    /** The latency-first configuration {@code --latency} stands for; options given beside it win. */
    static final String LATENCY_IDLE = "yielding";
    static final double LATENCY_RATE = 100_000;
    static final String LATENCY_MODE = "unaligned";

    public static final String USAGE = """
        usage: ringflow demo [OPTIONS]
          --duration SEC         how long an unbounded run lasts; the input then ends and the job
                                 finishes (default 10)
          --events N             a bounded, deterministic input of N trades instead (the job ends after them)
          --rate N               trades per second over all sources, 0 = as fast as possible
                                 (default 200000, or 0 with --events); event time advances at this rate
                                 (at 1,000,000 trades/s with 0), so 1 s bars come about once a second
          --parallelism N        subtasks per operator (default 1)
          --idle STRATEGY        backoff (default), busy-spin, yielding or sleeping
          --checkpoint-dir DIR   checkpoint into DIR (Chronicle files); bars go exactly-once to DIR/output
          --mode MODE            aligned (default), unaligned or at-least-once; without --checkpoint-dir,
                                 checkpoints stay on the heap
          --interval MS          checkpoint interval, at least 10 (default 100); without --checkpoint-dir,
                                 checkpoints stay on the heap
          --crash-after SEC      the process kills itself hard after SEC seconds, no cleanup
          --restore WHAT         latest (newest checkpoint under --checkpoint-dir) or a checkpoint/savepoint path
          --allow-non-restored-state   with --restore: drop the state of operators the job no longer has
          --allow-duplicate-output     with --restore latest: fall back past a corrupt newest checkpoint
                                 although its output was committed (that output is written again)
          --verify               after a bounded run, compare the committed bars with a failure-free
                                 computation of the same input: prints 'exactly-once: OK' or the difference
          --latency              the latency-first configuration: 100,000 trades/s, idle strategy
                                 yielding, unaligned checkpoints every 100 ms written to the page cache
                                 (durability page-cache); options given beside it win""";

    public static DemoOptions parse(String[] args) {
        Integer duration = null;
        Double rate = null;
        int parallelism = 1;
        String idle = "backoff";
        long events = -1;
        Path checkpointDir = null;
        String mode = null;
        Long interval = null;
        double crashAfter = -1;
        String restore = null;
        boolean allowNonRestored = false;
        boolean allowDuplicates = false;
        boolean verify = false;
        boolean latency = false;
        String idleGiven = null;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--verify" -> verify = true;
                case "--latency" -> latency = true;
                case "--allow-non-restored-state" -> allowNonRestored = true;
                case "--allow-duplicate-output" -> allowDuplicates = true;
                default -> {
                    String value = i + 1 < args.length ? args[++i] : null;
                    switch (option) {
                        case "--duration" -> duration = (int) Options.positive(option, value);
                        case "--events" -> events = Options.positive(option, value);
                        case "--rate" -> rate = Options.nonNegative(option, value);
                        case "--parallelism" -> parallelism = (int) Options.positive(option, value);
                        case "--idle" -> idleGiven = idleStrategy(Options.required(option, value));
                        case "--checkpoint-dir" -> checkpointDir = Path.of(Options.required(option, value));
                        case "--mode" -> mode = Options.oneOf(option, value, "aligned", "unaligned", "at-least-once");
                        case "--interval" -> interval = Options.atLeast(option, value, CheckpointConfig.MIN_INTERVAL_MS);
                        case "--crash-after" -> crashAfter = Options.nonNegative(option, value);
                        case "--restore" -> restore = Options.required(option, value);
                        default -> throw new IllegalArgumentException("unknown option '" + option + "'");
                    }
                }
            }
        }
        if (verify && (events < 0 || checkpointDir == null)) {
            throw new IllegalArgumentException("--verify needs a bounded run with an output log: give --events N and --checkpoint-dir DIR");
        }
        if (restore != null && checkpointDir == null) {
            throw new IllegalArgumentException("--restore needs --checkpoint-dir, where the job's checkpoints are");
        }
        if ((allowNonRestored || allowDuplicates) && restore == null) {
            throw new IllegalArgumentException((allowNonRestored ? "--allow-non-restored-state" : "--allow-duplicate-output")
                + " applies to a restore: give --restore too");
        }
        if (duration != null && events > 0) {
            throw new IllegalArgumentException("--duration is for an unbounded run; with --events N the job ends after N trades");
        }
        if (idleGiven != null) {
            idle = idleGiven;
        } else if (latency) {
            idle = LATENCY_IDLE;
        }
        if (latency) {
            rate = rate != null ? rate : LATENCY_RATE;
            mode = mode != null ? mode : LATENCY_MODE;
        }
        double effectiveRate = rate != null ? rate : events > 0 ? 0 : 200_000;
        boolean checkpointing = latency || checkpointDir != null || mode != null || interval != null;
        return new DemoOptions(duration == null ? 10 : duration, effectiveRate, parallelism, idle, events, checkpointDir,
            checkpointing, mode == null ? "aligned" : mode, interval == null ? 100 : interval, crashAfter, restore,
            allowNonRestored, allowDuplicates, verify, checkpointDir == null ? null : checkpointDir.resolve("output"),
            latency ? "page-cache" : "flush");
    }

    public boolean bounded() {
        return events > 0;
    }

    private static String idleStrategy(String name) {
        IdleStrategies.byName(name); // fails on an unknown name, listing the known ones
        return name;
    }
}
