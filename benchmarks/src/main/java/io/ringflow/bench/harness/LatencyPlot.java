package io.ringflow.bench.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A latency-percentile plot as a plain SVG: one polyline per variant (the median latency at
 * each percentile over its repeats), x = percentile on the usual "nines" scale
 * ({@code log10(100 / (100 - p))}: 50 %, 90 %, 99 %, 99.9 % ... evenly spaced), y = µs, log scale.
 */
final class LatencyPlot {
    private static final double[] PERCENTILES = {50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 99.999};
    private static final int WIDTH = 820;
    private static final int HEIGHT = 440;
    private static final int LEFT = 70;
    private static final int RIGHT = 260;
    private static final int TOP = 30;
    private static final int BOTTOM = 50;

    private LatencyPlot() {
    }

    static String svg(String title, Map<String, List<Map<String, Object>>> variants) {
        List<double[]> curves = new ArrayList<>();
        variants.values().forEach(runs -> curves.add(medianCurve(runs)));
        double[] decades = LogAxis.decades(curves.stream().flatMapToDouble(java.util.Arrays::stream).toArray());
        StringBuilder svg = Svg.open(WIDTH, HEIGHT, LEFT, title);
        for (double decade = decades[0]; decade <= decades[1]; decade++) {
            double y = y(decade, decades);
            svg.append(Svg.line(LEFT, y, WIDTH - RIGHT, y, "#ddd"))
                .append(Svg.text(LEFT - 8, y + 4, "end", String.format(Locale.ROOT, "%,.0f", Math.pow(10, decade))));
        }
        for (double percentile : new double[] {50, 90, 99, 99.9, 99.99, 99.999}) {
            double x = x(percentile);
            String label = percentile == Math.rint(percentile) ? Long.toString((long) percentile) : Double.toString(percentile);
            svg.append(Svg.line(x, TOP, x, HEIGHT - BOTTOM, "#ddd"))
                .append(Svg.text(x, HEIGHT - BOTTOM + 18, "middle", label + "%"));
        }
        svg.append(Svg.text(LEFT + (WIDTH - LEFT - RIGHT) / 2.0, HEIGHT - 12, "middle", "percentile"));
        int index = 0;
        for (String name : variants.keySet()) {
            String colour = Svg.COLOURS[index % Svg.COLOURS.length];
            double[] curve = curves.get(index);
            List<double[]> points = new ArrayList<>();
            for (int i = 0; i < PERCENTILES.length; i++) {
                if (curve[i] > 0) {
                    points.add(new double[] {x(PERCENTILES[i]), y(Math.log10(curve[i]), decades)});
                }
            }
            svg.append(Svg.polyline(points, colour, false)).append(Svg.legend(WIDTH - RIGHT, TOP, index++, colour, name));
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

    private static double y(double log10, double[] decades) {
        return HEIGHT - BOTTOM - (log10 - decades[0]) / (decades[1] - decades[0]) * (HEIGHT - TOP - BOTTOM);
    }
}
