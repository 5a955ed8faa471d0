package io.ringflow.api;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Parses Flink-style option values ("100 ms", "1 min", "true", "EXACTLY_ONCE"), naming the key on error. */
final class ConfigParsing {
    private ConfigParsing() {
    }

    /** Flink's duration units (TimeUtils), singular and plural, in nanoseconds. */
    private static final Map<String, Long> UNIT_NANOS = units();

    private static Map<String, Long> units() {
        Map<String, Long> units = new HashMap<>();
        unit(units, 1, "ns", "nano", "nanos", "nanosecond", "nanoseconds");
        unit(units, 1_000, "\u00b5s", "micro", "micros", "microsecond", "microseconds");
        unit(units, 1_000_000, "ms", "milli", "millis", "millisecond", "milliseconds");
        unit(units, 1_000_000_000, "s", "sec", "secs", "second", "seconds");
        unit(units, 60_000_000_000L, "m", "min", "mins", "minute", "minutes");
        unit(units, 3_600_000_000_000L, "h", "hour", "hours");
        unit(units, 86_400_000_000_000L, "d", "day", "days");
        return Map.copyOf(units);
    }

    private static void unit(Map<String, Long> units, long nanos, String... names) {
        for (String name : names) {
            units.put(name, nanos);
        }
    }

    /** A duration in whole milliseconds; no unit means milliseconds, as in Flink. */
    static long durationMs(String key, String value) {
        String v = value.toLowerCase(Locale.ROOT).replace(" ", "");
        int unitAt = v.startsWith("-") ? 1 : 0;
        while (unitAt < v.length() && Character.isDigit(v.charAt(unitAt))) {
            unitAt++;
        }
        Long unitNanos = unitAt == v.length() ? Long.valueOf(1_000_000) : UNIT_NANOS.get(v.substring(unitAt));
        long nanos;
        try {
            if (unitNanos == null) {
                throw new NumberFormatException("unknown unit");
            }
            nanos = Math.multiplyExact(Long.parseLong(v.substring(0, unitAt)), unitNanos);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new InvalidJobException(key + ": '" + value + "' is not a duration; write e.g. 500 ms, 10 s, 1 min");
        }
        if (nanos % 1_000_000 != 0) {
            throw new InvalidJobException(key + ": '" + value + "' is not a whole number of milliseconds, the unit this"
                + " option is kept in; write e.g. " + Math.max(1, nanos / 1_000_000) + " ms");
        }
        return nanos / 1_000_000;
    }

    /** A size in bytes in Flink's syntax: 4096, 256 b, 64 kb, 1mb. */
    static int sizeBytes(String key, String value) {
        try {
            return io.ringflow.storage.ConfigValues.parseMemorySize(key, value);
        } catch (IllegalArgumentException e) {
            throw new InvalidJobException(e.getMessage(), e);
        }
    }

    static int integer(String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidJobException(key + ": '" + value + "' is not a whole number; write e.g. 4");
        }
    }

    static double decimal(String key, String value) {
        try {
            double d = Double.parseDouble(value);
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // named below, with the form expected
        }
        throw new InvalidJobException(key + ": '" + value + "' is not a number; write e.g. 2.0");
    }

    /** A setter's complaint about a configured value, naming the key it came from. */
    static InvalidJobException naming(String key, IllegalArgumentException e) {
        if (e instanceof InvalidJobException invalid && e.getMessage().contains(key)) {
            return invalid;
        }
        return e.getMessage().contains(key) ? new InvalidJobException(e.getMessage(), e)
            : new InvalidJobException(key + ": " + e.getMessage(), e);
    }

    static boolean bool(String key, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidJobException(key + ": '" + value + "' is not true or false");
        };
    }

    static <E extends Enum<E>> E enumValue(String key, String value, Class<E> type) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new InvalidJobException(key + ": '" + value + "' is not one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }
}
