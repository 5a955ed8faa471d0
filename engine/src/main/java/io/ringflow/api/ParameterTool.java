package io.ringflow.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Flink's {@code ParameterTool}: a job's parameters from its arguments ({@code --key value},
 * {@code -key value}, a key alone is a flag), a properties file, a map or the system properties;
 * typed getters with defaults, and {@code getRequired} failing naming the key. As global job
 * parameters ({@code env.getConfig().setGlobalJobParameters(params)}) every function reads them
 * from its runtime context.
 */
public final class ParameterTool extends ExecutionConfig.GlobalJobParameters {
    private static final long serialVersionUID = 1L;
    /** The value of a key given without one, as Flink's. */
    public static final String NO_VALUE_KEY = "__NO_VALUE_KEY";

    private final Map<String, String> data;

    private ParameterTool(Map<String, String> data) {
        this.data = Collections.unmodifiableMap(new HashMap<>(data));
    }

    /** {@code --key value} or {@code -key value} pairs; a key followed by another key (or nothing) gets {@link #NO_VALUE_KEY}. */
    public static ParameterTool fromArgs(String[] args) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String key = keyOf(args[i]);
            if (key == null) {
                throw new IllegalArgumentException("Error parsing arguments '" + String.join(" ", args) + "' on '" + args[i]
                    + "'. Please prefix keys with -- or -.");
            }
            if (key.isEmpty()) {
                throw new IllegalArgumentException("The input " + String.join(" ", args) + " contains an empty argument");
            }
            if (i + 1 < args.length && keyOf(args[i + 1]) == null) {
                map.put(key, args[++i]);
            } else {
                map.put(key, NO_VALUE_KEY);
            }
        }
        return new ParameterTool(map);
    }

    /** The key of an argument that is one ({@code --key}, {@code -key}; not a negative number), else null. */
    private static String keyOf(String arg) {
        if (arg.startsWith("--")) {
            return arg.substring(2);
        }
        if (arg.startsWith("-") && !isNumber(arg)) {
            return arg.substring(1);
        }
        return null;
    }

    private static boolean isNumber(String arg) {
        try {
            Double.parseDouble(arg);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    public static ParameterTool fromMap(Map<String, String> map) {
        return new ParameterTool(map);
    }

    public static ParameterTool fromPropertiesFile(String path) throws IOException {
        Path file = Path.of(path);
        if (!Files.isRegularFile(file)) {
            throw new java.io.FileNotFoundException("Properties file " + file.toAbsolutePath() + " does not exist");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return fromPropertiesFile(in);
        }
    }

    public static ParameterTool fromPropertiesFile(InputStream in) throws IOException {
        Properties properties = new Properties();
        properties.load(in);
        return fromProperties(properties);
    }

    public static ParameterTool fromSystemProperties() {
        return fromProperties(System.getProperties());
    }

    private static ParameterTool fromProperties(Properties properties) {
        Map<String, String> map = new HashMap<>();
        properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
        return new ParameterTool(map);
    }

    public int getNumberOfParameters() {
        return data.size();
    }

    public boolean has(String key) {
        return data.containsKey(key);
    }

    /** The value, or null. */
    public String get(String key) {
        return data.get(key);
    }

    public String get(String key, String defaultValue) {
        return data.getOrDefault(key, defaultValue);
    }

    /** @throws RuntimeException naming the key when it is missing, as Flink's */
    public String getRequired(String key) {
        String value = data.get(key);
        if (value == null) {
            throw new RuntimeException("No data for required key '" + key + "'");
        }
        return value;
    }

    public int getInt(String key) {
        return Integer.parseInt(getRequired(key));
    }

    public int getInt(String key, int defaultValue) {
        return parsed(key, defaultValue, Integer::parseInt);
    }

    public long getLong(String key) {
        return Long.parseLong(getRequired(key));
    }

    public long getLong(String key, long defaultValue) {
        return parsed(key, defaultValue, Long::parseLong);
    }

    public double getDouble(String key) {
        return Double.parseDouble(getRequired(key));
    }

    public double getDouble(String key, double defaultValue) {
        return parsed(key, defaultValue, Double::parseDouble);
    }

    public boolean getBoolean(String key) {
        return Boolean.parseBoolean(getRequired(key));
    }

    public boolean getBoolean(String key, boolean defaultValue) {
        return parsed(key, defaultValue, Boolean::parseBoolean);
    }

    private <T> T parsed(String key, T defaultValue, java.util.function.Function<String, T> parse) {
        String value = data.get(key);
        return value == null ? defaultValue : parse.apply(value);
    }

    /** These parameters and {@code other}'s, {@code other}'s winning where both have a key. */
    public ParameterTool mergeWith(ParameterTool other) {
        Map<String, String> merged = new HashMap<>(data);
        merged.putAll(other.data);
        return new ParameterTool(merged);
    }

    public Properties getProperties() {
        Properties properties = new Properties();
        properties.putAll(data);
        return properties;
    }

    @Override
    public Map<String, String> toMap() {
        return data;
    }
}
