package io.ringflow.storage;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** Parses option values the way Flink writes them; each error names the key and what is expected. */
public final class ConfigValues {
    private ConfigValues() {
    }

    static int parseInt(String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be an integer, was '" + value + "'");
        }
    }

    static boolean parseBoolean(String key, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, was '" + value + "'");
        };
    }

    static Path parsePath(String key, String value) {
        if (value.equals("null") || value.equals("~")) { // a YAML null: the key was left without a value
            throw new IllegalArgumentException(key + " has no value (" + value + "); give a directory or leave the key out");
        }
        String path = value;
        if (value.startsWith("file:")) { // Flink's forms: file:///tmp/x, file:/tmp/x, file://localhost/tmp/x
            try {
                java.net.URI uri = new java.net.URI(value);
                if (uri.getAuthority() != null && !uri.getAuthority().equals("localhost")) {
                    throw new IllegalArgumentException(key + " must be a local directory, but '" + value + "' names the"
                        + " host " + uri.getAuthority() + "; write file:///path");
                }
                path = uri.getPath() == null ? "" : uri.getPath();
            } catch (java.net.URISyntaxException e) {
                path = value.substring("file:".length()).replaceFirst("^//", ""); // e.g. a space: as Flink, the text after the scheme
            }
        }
        if (path.isEmpty() || path.contains("://")) {
            throw new IllegalArgumentException(key + " must be a local directory (a path or file:///path), was '"
                + value + "'");
        }
        try {
            return Path.of(path);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(key + " is not a valid path: '" + value + "'");
        }
    }

    /** Accepts {@code jobmanager}, {@code page-cache} and {@code RETAIN_ON_CANCELLATION} alike. */
    static <E extends Enum<E>> E parseEnum(String key, String value, Class<E> type) {
        String name = value.toUpperCase(Locale.ROOT).replace('-', '_');
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(name)) {
                return constant;
            }
        }
        String allowed = Arrays.stream(type.getEnumConstants())
            .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-'))
            .reduce((a, b) -> a + ", " + b).orElse("");
        throw new IllegalArgumentException(key + " must be one of " + allowed + ", was '" + value + "'");
    }

    /** Flink's MemorySize: a number with an optional unit (b, kb, mb, gb; k, m, g; bytes). */
    public static int parseMemorySize(String key, String value) {
        String text = value.toLowerCase(Locale.ROOT).replace(" ", "");
        int split = 0;
        while (split < text.length() && Character.isDigit(text.charAt(split))) {
            split++;
        }
        long multiplier = switch (text.substring(split)) {
            case "", "b", "bytes" -> 1L;
            case "k", "kb", "kibibytes" -> 1024L;
            case "m", "mb", "mebibytes" -> 1024L * 1024;
            case "g", "gb", "gibibytes" -> 1024L * 1024 * 1024;
            default -> -1L;
        };
        if (split == 0 || multiplier < 0 || split > 10) {
            throw new IllegalArgumentException(key + " must be a size such as 4096, 20 kb or 1 mb, was '" + value + "'");
        }
        long bytes = Long.parseLong(text.substring(0, split)) * multiplier;
        if (bytes / multiplier != Long.parseLong(text.substring(0, split)) || bytes > Integer.MAX_VALUE) { // overflow too
            throw new IllegalArgumentException(key + " is too large: '" + value + "'");
        }
        return (int) bytes;
    }
}
