package io.ringflow.demo;

/** Command-line options of the demo. */
public record DemoOptions(int durationSeconds, double ratePerSecond, int parallelism, String idleStrategy) {
    public static final String USAGE = """
        usage: ringflow demo [--duration SEC] [--rate EVENTS_PER_S] [--parallelism N] [--idle STRATEGY]
          --duration SEC      how long to run (default 10)
          --rate N            trades per second over all sources, 0 = as fast as possible (default 1000000)
          --parallelism N     subtasks per operator (default 1)
          --idle STRATEGY     backoff (default), busy-spin, yielding or sleeping""";

    public static DemoOptions parse(String[] args) {
        int duration = 10;
        double rate = 1_000_000;
        int parallelism = 1;
        String idle = "backoff";
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--duration" -> duration = positiveInt("--duration", value);
                case "--rate" -> rate = nonNegative("--rate", value);
                case "--parallelism" -> parallelism = positiveInt("--parallelism", value);
                case "--idle" -> idle = required("--idle", value);
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'; see ringflow demo --help");
            }
            i++;
        }
        return new DemoOptions(duration, rate, parallelism, idle);
    }

    private static String required(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value; see ringflow demo --help");
        }
        return value;
    }

    private static int positiveInt(String option, String value) {
        try {
            int parsed = Integer.parseInt(required(option, value));
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(option + " needs a positive whole number, got '" + value + "'");
    }

    private static double nonNegative(String option, String value) {
        try {
            double parsed = Double.parseDouble(required(option, value));
            if (parsed >= 0) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(option + " needs a number >= 0, got '" + value + "'");
    }
}
