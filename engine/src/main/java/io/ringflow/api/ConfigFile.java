package io.ringflow.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a configuration file of Flink keys in each form Flink reads: flat {@code key: value}
 * lines (flink-conf.yaml), {@code key=value} lines (properties), and Flink 2's config.yaml, which
 * is standard YAML: nested mappings are joined into dotted keys as Flink joins them, so
 * <pre>
 * execution:
 *   checkpointing:
 *     interval: 100 ms
 * </pre>
 * is {@code execution.checkpointing.interval: 100 ms}. Comments and quoted values are read as
 * YAML reads them. Lists, multi-line values and a key set twice are errors: no key Ringflow reads
 * takes a list, and a file that says two things must not quietly mean the last one.
 */
final class ConfigFile {
    /** A mapping being read: the indentation of its keys and the dotted prefix they get. */
    private record Level(int indent, String prefix) {
    }

    private final String source;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, Integer> lineOfKey = new HashMap<>();
    private final Deque<Level> levels = new ArrayDeque<>();
    /** A key with no value on its line: a mapping, once the next line shows its indentation. */
    private String openKey;
    private int openIndent;
    private int openLine;

    private ConfigFile(String source) {
        this.source = source;
    }

    static Map<String, String> read(Path file) {
        if (!Files.exists(file)) {
            throw new InvalidJobException("configuration file " + file.toAbsolutePath() + " does not exist; check the path"
                + " (it is read relative to " + Path.of("").toAbsolutePath() + ")");
        }
        try {
            List<String> lines = new java.util.ArrayList<>(Files.readAllLines(file));
            if (!lines.isEmpty() && lines.get(0).startsWith("\uFEFF")) {
                lines.set(0, lines.get(0).substring(1)); // a byte-order mark some editors write, not part of the first key
            }
            return parse(file.toString(), lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The flat keys and values of {@code lines}; {@code source} names the file in errors. */
    static Map<String, String> parse(String source, List<String> lines) {
        ConfigFile file = new ConfigFile(source);
        for (int i = 0; i < lines.size(); i++) {
            file.line(i + 1, lines.get(i));
        }
        file.end();
        return file.values;
    }

    private void line(int number, String line) {
        String text = line.strip();
        if (text.isEmpty() || text.startsWith("#") || text.equals("---") && values.isEmpty() && levels.isEmpty()) {
            return;
        }
        int indent = indentation(number, line);
        if (text.equals("-") || text.startsWith("- ")) {
            throw error(number, "a list" + (openKey == null ? "" : " under " + openKey) + " is not supported; every key "
                + "Ringflow reads takes one value: write 'key: value'");
        }
        Level level = enclosing(number, indent);
        // A properties line has no nesting, so '=' separates only at the top.
        int colon = text.indexOf(':');
        int equals = level.prefix().isEmpty() ? text.indexOf('=') : -1;
        int split = colon < 0 ? equals : equals < 0 ? colon : Math.min(colon, equals);
        if (split <= 0) {
            throw error(number, "expected 'key: value', got '" + text + "'");
        }
        String key = level.prefix() + unquote(number, text.substring(0, split).strip());
        String value = scalar(number, key, text.substring(split + 1).strip());
        if (value != null) {
            put(number, key, value);
        } else if (text.charAt(split) == ':') {
            openKey = key;
            openIndent = indent;
            openLine = number;
        } else {
            throw noValue(number, key);
        }
    }

    private int indentation(int number, String line) {
        int indent = 0;
        while (line.charAt(indent) == ' ' || line.charAt(indent) == '\t') {
            if (line.charAt(indent) == '\t') {
                throw error(number, "a tab in the indentation; YAML indents with spaces");
            }
            indent++;
        }
        return indent;
    }

    /** The mapping a line at {@code indent} belongs to: the open key's, or one it returns to. */
    private Level enclosing(int number, int indent) {
        if (openKey != null) {
            if (indent <= openIndent) {
                throw noValue(openLine, openKey);
            }
            levels.addLast(new Level(indent, openKey + "."));
            openKey = null;
            return levels.peekLast();
        }
        if (levels.isEmpty()) {
            levels.addLast(new Level(indent, ""));
        }
        while (!levels.isEmpty() && levels.peekLast().indent() > indent) {
            levels.removeLast();
        }
        if (levels.isEmpty() || levels.peekLast().indent() != indent) {
            throw error(number, "the indentation (" + indent + " spaces) matches no key above; indent the keys of one "
                + "mapping alike, deeper than the key they belong to");
        }
        return levels.peekLast();
    }

    /** The value written after a key, or null when there is none (the key opens a mapping). */
    private String scalar(int number, String key, String raw) {
        if (raw.isEmpty() || raw.startsWith("#")) {
            return null;
        }
        switch (raw.charAt(0)) {
            case '"', '\'' -> {
                return unquote(number, raw);
            }
            case '[', '{' -> throw error(number, key + ": inline lists and mappings are not supported; every key "
                + "Ringflow reads takes one value");
            case '|', '>' -> throw error(number, key + ": multi-line values are not supported; write the value on "
                + "the key's line");
            case '&', '*', '!' -> throw error(number, key + ": YAML anchors, aliases and tags are not supported; write "
                + "the value itself");
            default -> {
                // As in YAML, '#' starts a comment only after a space, so file:///a#b keeps its '#'.
                int comment = raw.indexOf(" #");
                int tabComment = raw.indexOf("\t#");
                int end = comment < 0 ? tabComment : tabComment < 0 ? comment : Math.min(comment, tabComment);
                return (end < 0 ? raw : raw.substring(0, end)).strip();
            }
        }
    }

    /** A quoted scalar as YAML reads it ('' in single quotes, backslash escapes in double), or the text as is. */
    private String unquote(int number, String text) {
        if (text.isEmpty() || text.charAt(0) != '"' && text.charAt(0) != '\'') {
            return text;
        }
        char quote = text.charAt(0);
        StringBuilder value = new StringBuilder();
        int i = 1;
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == quote && quote == '\'' && i + 1 < text.length() && text.charAt(i + 1) == '\'') {
                value.append('\'');
                i++;
            } else if (c == quote) {
                break;
            } else if (c == '\\' && quote == '"' && i + 1 < text.length()) {
                char escaped = text.charAt(++i);
                value.append(switch (escaped) {
                    case 'n' -> "\n";
                    case 't' -> "\t";
                    case '"', '\\', '/' -> String.valueOf(escaped);
                    default -> "\\" + escaped;
                });
            } else {
                value.append(c);
            }
        }
        String rest = i < text.length() ? text.substring(i + 1).strip() : null;
        if (rest == null) {
            throw error(number, "the value " + text + " has no closing " + quote);
        }
        if (!rest.isEmpty() && !rest.startsWith("#")) {
            throw error(number, "unexpected '" + rest + "' after the quoted " + text.substring(0, i + 1));
        }
        return value.toString();
    }

    private void put(int number, String key, String value) {
        Integer earlier = lineOfKey.putIfAbsent(key, number);
        if (earlier != null) {
            throw error(number, key + " is already set on line " + earlier + "; set it once");
        }
        values.put(key, value);
    }

    private void end() {
        if (openKey != null) {
            throw noValue(openLine, openKey);
        }
    }

    private InvalidJobException noValue(int number, String key) {
        return error(number, key + " has no value; write '" + key + ": <value>', or indent the keys that belong "
            + "under it");
    }

    private InvalidJobException error(int number, String message) {
        return new InvalidJobException(source + ":" + number + ": " + message);
    }
}
