package io.ringflow.bench.harness;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The JMH results file ({@code -rf json}) as a markdown table; sample-time rows get p50/p99/p99.9. */
final class JmhTable {
    private JmhTable() {
    }

    @SuppressWarnings("unchecked")
    static String markdown(String jmhJson) {
        StringBuilder md = new StringBuilder("| benchmark | params | mode | score | unit | p50 | p99 | p99.9 |\n");
        md.append("| --- | --- | --- | --: | --- | --: | --: | --: |\n");
        for (Object entry : (List<Object>) Json.parse(jmhJson)) {
            Map<String, Object> result = (Map<String, Object>) entry;
            Map<String, Object> metric = (Map<String, Object>) result.get("primaryMetric");
            Map<String, Object> params = (Map<String, Object>) result.getOrDefault("params", Map.of());
            String benchmark = (String) result.get("benchmark");
            boolean sampled = "sample".equals(result.get("mode"));
            md.append("| ").append(benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1))
                .append(" | ").append(params.entrySet().stream().map(p -> p.getKey() + "=" + p.getValue())
                    .collect(Collectors.joining(", ")))
                .append(" | ").append(result.get("mode"))
                .append(" | ").append(Report.format(Stats.number(metric, "score"), "%,.1f"))
                .append(" | ").append(metric.get("scoreUnit"))
                .append(" | ").append(sampled ? percentile(metric, "50.0") : "")
                .append(" | ").append(sampled ? percentile(metric, "99.0") : "")
                .append(" | ").append(sampled ? percentile(metric, "99.9") : "").append(" |\n");
        }
        return md.toString();
    }

    @SuppressWarnings("unchecked")
    private static String percentile(Map<String, Object> metric, String key) {
        Object percentiles = metric.get("scorePercentiles");
        if (!(percentiles instanceof Map<?, ?> map) || !(map.get(key) instanceof Number value)) {
            return "–";
        }
        return String.format("%,.0f", value.doubleValue());
    }
}
