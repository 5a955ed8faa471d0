package io.ringflow.bench.harness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The latency-percentile plot as a plain SVG: one polyline per variant (the median latency at
 * each percentile over its repeats), x = percentile on the usual "nines" scale
 * ({@code log10(100 / (100 - p))}: 50 %, 90 %, 99 %, 99.9 % ... evenly spaced), y = µs, log scale.
 */
final class LatencyPlot {
    private static final double[] PERCENTILES = {50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 99.999};
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};
    private static final int WIDTH = 760;
    private static final int HEIGHT = 440;
    private static final int LEFT = 70;
    private static final int RIGHT = 200;
    private static final int TOP = 30;
    private static final int BOTTOM = 50;

    private LatencyPlot() {
    }

    static String svg(Map<String, List<Map<String, Object>>> variants) {
        Map<String, double[]> curves = new LinkedHashMap<>();
        variants.forEach((name, runs) -> curves.put(name, medianCurve(runs)));
        double minLog = Double.MAX_VALUE;
        double maxLog = -Double.MAX_VALUE;
        for (double[] curve : curves.values()) {
            for (double us : curve) {
                if (us > 0) {
                    maxLog = Math.max(maxLog, Math.ceil(Math.log10(us)));
                    minLog = Math.min(minLog, Math.floor(Math.log10(us)));
                }
            }
        }
        if (minLog >= maxLog) {
            // No data, or every point within one decade: show at least one decade around it.
            minLog = minLog == Double.MAX_VALUE ? 0 : minLog;
            maxLog = minLog + 1;
        }
        StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" "
                + "font-size=\"12\">\n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
                + "<text x=\"%d\" y=\"18\" font-size=\"14\">End-to-end latency by percentile (µs, log scale)</text>\n",
            WIDTH, HEIGHT, LEFT));
        for (double decade = minLog; decade <= maxLog; decade++) {
            double y = y(decade, minLog, maxLog);
            svg.append(line(LEFT, y, WIDTH - RIGHT, y, "#ddd"))
                .append(text(LEFT - 8, y + 4, "end", String.format(Locale.ROOT, "%,.0f", Math.pow(10, decade))));
        }
        for (double percentile : new double[] {50, 90, 99, 99.9, 99.99, 99.999}) {
            double x = x(percentile);
            svg.append(line(x, TOP, x, HEIGHT - BOTTOM, "#ddd"))
                .append(text(x, HEIGHT - BOTTOM + 18, "middle", (percentile == Math.rint(percentile) ? Long.toString((long) percentile) : Double.toString(percentile)) + "%"));
        }
        svg.append(text(LEFT + (WIDTH - LEFT - RIGHT) / 2.0, HEIGHT - 12, "middle", "percentile"));
        int index = 0;
        for (Map.Entry<String, double[]> curve : curves.entrySet()) {
            String colour = COLOURS[index % COLOURS.length];
            List<String> points = new ArrayList<>();
            for (int i = 0; i < PERCENTILES.length; i++) {
                if (curve.getValue()[i] > 0) {
                    points.add(String.format(Locale.ROOT, "%.1f,%.1f", x(PERCENTILES[i]),
                        y(Math.log10(curve.getValue()[i]), minLog, maxLog)));
                }
            }
            svg.append(String.format("<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>\n",
                colour, String.join(" ", points)));
            double legendY = TOP + 10 + 20 * index++;
            svg.append(line(WIDTH - RIGHT + 12, legendY, WIDTH - RIGHT + 36, legendY, colour))
                .append(text(WIDTH - RIGHT + 42, legendY + 4, "start", curve.getKey()));
        }
        return svg.append("</svg>\n").toString();
    }

    /** Per plotted percentile, the median over the runs of {@code latency_percentiles_us}; 0 when absent. */
    @SuppressWarnings("unchecked")
    private static double[] medianCurve(List<Map<String, Object>> runs) {
        double[] curve = new double[PERCENTILES.length];
        for (int i = 0; i < PERCENTILES.length; i++) {
            List<Double> values = new ArrayList<>();
            for (Map<String, Object> run : runs) {
                for (Object point : (List<Object>) run.getOrDefault("latency_percentiles_us", List.of())) {
                    List<Object> pair = (List<Object>) point;
                    if (((Number) pair.get(0)).doubleValue() == PERCENTILES[i] && pair.get(1) instanceof Number us) {
                        values.add(us.doubleValue());
                    }
                }
            }
            Double median = Stats.median(values);
            curve[i] = median == null ? 0 : median;
        }
        return curve;
    }

    private static double x(double percentile) {
        double nines = Math.log10(100 / (100 - percentile));
        return LEFT + (nines - Math.log10(2)) / (5 - Math.log10(2)) * (WIDTH - LEFT - RIGHT);
    }

    private static double y(double log10, double minLog, double maxLog) {
        return HEIGHT - BOTTOM - (log10 - minLog) / (maxLog - minLog) * (HEIGHT - TOP - BOTTOM);
    }

    private static String line(double x1, double y1, double x2, double y2, String colour) {
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n",
            x1, y1, x2, y2, colour);
    }

    private static String text(double x, double y, String anchor, String content) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>\n", x, y, anchor,
            content.replace("&", "&amp;").replace("<", "&lt;"));
    }
}
