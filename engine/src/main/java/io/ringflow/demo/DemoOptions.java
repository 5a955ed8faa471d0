package io.ringflow.demo;

import java.nio.file.Path;

/** Command-line options of the demo. */
public record DemoOptions(int durationSeconds, double ratePerSecond, int parallelism, String idleStrategy, long events,
                          Path checkpointDir, String mode, long intervalMs, double crashAfterSeconds, String restore,
                          boolean verify, Path outputDir) {
    public static final String USAGE = """
        usage: ringflow demo [OPTIONS]
          --duration SEC         how long an unbounded run lasts (default 10)
          --events N             a bounded, deterministic input of N trades instead (the job ends after them)
          --rate N               trades per second over all sources, 0 = as fast as possible
                                 (default 200000, or 0 with --events)
          --parallelism N        subtasks per operator (default 1)
          --idle STRATEGY        backoff (default), busy-spin, yielding or sleeping
          --checkpoint-dir DIR   checkpoint into DIR (Chronicle files); bars go exactly-once to DIR/output
          --mode MODE            aligned (default), unaligned or at-least-once
          --interval MS          checkpoint interval (default 100)
          --crash-after SEC      the process kills itself hard after SEC seconds, no cleanup
          --restore WHAT         latest (newest checkpoint under --checkpoint-dir) or a checkpoint/savepoint path
          --verify               after a bounded run, compare the committed bars with a failure-free
                                 computation of the same input: prints 'exactly-once: OK' or the difference""";

    public static DemoOptions parse(String[] args) {
        int duration = 10;
        Double rate = null;
        int parallelism = 1;
        String idle = "backoff";
        long events = -1;
        Path checkpointDir = null;
        String mode = "aligned";
        long interval = 100;
        double crashAfter = -1;
        String restore = null;
        boolean verify = false;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--verify")) {
                verify = true;
                continue;
            }
            String value = i + 1 < args.length ? args[++i] : null;
            switch (option) {
                case "--duration" -> duration = (int) Options.positive(option, value);
                case "--events" -> events = Options.positive(option, value);
                case "--rate" -> rate = Options.nonNegative(option, value);
                case "--parallelism" -> parallelism = (int) Options.positive(option, value);
                case "--idle" -> idle = Options.required(option, value);
                case "--checkpoint-dir" -> checkpointDir = Path.of(Options.required(option, value));
                case "--mode" -> mode = Options.oneOf(option, value, "aligned", "unaligned", "at-least-once");
                case "--interval" -> interval = Options.positive(option, value);
                case "--crash-after" -> crashAfter = Options.nonNegative(option, value);
                case "--restore" -> restore = Options.required(option, value);
                default -> throw new IllegalArgumentException("unknown option '" + option + "'; see ringflow demo --help");
            }
        }
        if (verify && (events < 0 || checkpointDir == null)) {
            throw new IllegalArgumentException("--verify needs a bounded run with an output log: give --events N and --checkpoint-dir DIR");
        }
        if (restore != null && checkpointDir == null) {
            throw new IllegalArgumentException("--restore needs --checkpoint-dir, where the job's checkpoints are");
        }
        double effectiveRate = rate != null ? rate : events > 0 ? 0 : 200_000;
        return new DemoOptions(duration, effectiveRate, parallelism, idle, events, checkpointDir, mode, interval, crashAfter,
            restore, verify, checkpointDir == null ? null : checkpointDir.resolve("output"));
    }

    public boolean bounded() {
        return events > 0;
    }
}
