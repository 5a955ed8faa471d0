package io.ringflow.bench.harness;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Medians over repeated runs and typed reads from parsed run objects (where numbers are Doubles). */
final class Stats {
    private Stats() {
    }

    /** The median of the non-null values (mean of the middle two for an even count), or null. */
    static Double median(List<Double> values) {
        List<Double> sorted = values.stream().filter(Objects::nonNull).sorted().toList();
        if (sorted.isEmpty()) {
            return null;
        }
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }

    /**
     * A number at a dotted path such as {@code latency_us.p99} or {@code load_avg.start.0} (a
     * numeric part indexes a list), or null when absent.
     */
    static Double number(Map<String, Object> object, String path) {
        Object value = object;
        for (String part : path.split("\\.")) {
            if (value instanceof Map<?, ?> map) {
                value = map.get(part);
            } else if (value instanceof List<?> list && part.chars().allMatch(Character::isDigit)) {
                int index = Integer.parseInt(part);
                value = index < list.size() ? list.get(index) : null;
            } else {
                return null;
            }
        }
        return value instanceof Number n ? n.doubleValue() : null;
    }

    static Double medianOf(List<Map<String, Object>> runs, String path) {
        return median(runs.stream().map(run -> number(run, path)).toList());
    }

    /** The largest value at {@code path} over the runs, or null when none has one. */
    static Double maxOf(List<Map<String, Object>> runs, String path) {
        return runs.stream().map(run -> number(run, path)).filter(Objects::nonNull).max(Double::compare).orElse(null);
    }

    /** The smallest value at {@code path} over the runs, or null when none has one. */
    static Double minOf(List<Map<String, Object>> runs, String path) {
        return runs.stream().map(run -> number(run, path)).filter(Objects::nonNull).min(Double::compare).orElse(null);
    }
}
