package io.ringflow.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a configuration file of Flink keys: {@code key: value} (flat YAML, as flink-conf.yaml)
 * or {@code key=value} (properties) lines; {@code #} starts a comment.
 */
final class ConfigFile {
    private ConfigFile() {
    }

    static Map<String, String> read(Path file) {
        Map<String, String> config = new LinkedHashMap<>();
        try {
            int lineNumber = 0;
            for (String line : Files.readAllLines(file)) {
                lineNumber++;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                int colon = trimmed.indexOf(':');
                int equals = trimmed.indexOf('=');
                int split = colon < 0 ? equals : equals < 0 ? colon : Math.min(colon, equals);
                if (split <= 0) {
                    throw new InvalidJobException(file + ":" + lineNumber + ": expected 'key: value', got '" + trimmed + "'");
                }
                config.put(trimmed.substring(0, split).strip(), unquote(trimmed.substring(split + 1).strip()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        return config;
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }
}
