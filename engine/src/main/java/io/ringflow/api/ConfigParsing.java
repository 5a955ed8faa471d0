package io.ringflow.api;

import java.util.Locale;

/** Parses Flink-style option values ("100 ms", "1 min", "true", "EXACTLY_ONCE"), naming the key on error. */
final class ConfigParsing {
    private ConfigParsing() {
    }

    static long durationMs(String key, String value) {
        String v = value.toLowerCase(Locale.ROOT).replace(" ", "");
        try {
            if (v.endsWith("ms")) {
                return Long.parseLong(v.substring(0, v.length() - 2));
            } else if (v.endsWith("min")) {
                return Long.parseLong(v.substring(0, v.length() - 3)) * 60_000;
            } else if (v.endsWith("s")) {
                return Long.parseLong(v.substring(0, v.length() - 1)) * 1000;
            } else if (v.endsWith("h")) {
                return Long.parseLong(v.substring(0, v.length() - 1)) * 3_600_000;
            }
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new InvalidJobException(key + ": '" + value + "' is not a duration; write e.g. 500 ms, 10 s, 1 min");
        }
    }

    static int integer(String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidJobException(key + ": '" + value + "' is not a whole number");
        }
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
