package io.ringflow.demo;

/** Parses command-line values, naming the option on a mistake. */
final class Options {
    private Options() {
    }

    static String required(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }

    static long positive(String option, String value) {
        try {
            long parsed = Long.parseLong(required(option, value));
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(option + " needs a positive whole number, got '" + value + "'");
    }

    static long atLeast(String option, String value, long min) {
        try {
            long parsed = Long.parseLong(required(option, value));
            if (parsed >= min) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(option + " needs a whole number >= " + min + ", got '" + value + "'");
    }

    static double nonNegative(String option, String value) {
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

    static String oneOf(String option, String value, String... allowed) {
        required(option, value);
        for (String candidate : allowed) {
            if (candidate.equals(value)) {
                return value;
            }
        }
        throw new IllegalArgumentException(option + " must be one of " + String.join(", ", allowed) + ", got '" + value + "'");
    }
}
