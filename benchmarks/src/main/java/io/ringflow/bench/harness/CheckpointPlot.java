package io.ringflow.bench.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * W3's checkpoint durations over time as an SVG: x = trigger time in seconds since the start
 * of the measured window, y = end-to-end duration in ms (log scale), one line per run, one
 * colour per mode. Also the same points as CSV.
 */
final class CheckpointPlot {
    private static final int WIDTH = 820;
    private static final int HEIGHT = 420;
    private static final int LEFT = 70;
    private static final int RIGHT = 220;
    private static final int TOP = 30;
    private static final int BOTTOM = 50;

    private CheckpointPlot() {
    }

    /** @param runs W3 run objects, each with {@code checkpoints.series} */
    static String svg(List<Map<String, Object>> runs) {
        List<double[]> all = new ArrayList<>();
        double maxS = 1;
        for (Map<String, Object> run : runs) {
            for (double[] point : series(run)) {
                all.add(point);
                maxS = Math.max(maxS, Math.ceil(point[0]));
            }
        }
        double[] decades = LogAxis.decades(all.stream().mapToDouble(point -> point[1]).toArray());
        StringBuilder svg = Svg.open(WIDTH, HEIGHT, LEFT,
            "W3: checkpoint end-to-end duration over time under back-pressure (ms, log scale)");
        for (double decade = decades[0]; decade <= decades[1]; decade++) {
            double y = y(decade, decades);
            svg.append(Svg.line(LEFT, y, WIDTH - RIGHT, y, "#ddd"))
                .append(Svg.text(LEFT - 8, y + 4, "end", String.format(Locale.ROOT, "%,.0f", Math.pow(10, decade))));
        }
        for (int s = 0; s <= maxS; s += maxS > 10 ? 2 : 1) {
            double x = x(s, maxS);
            svg.append(Svg.line(x, TOP, x, HEIGHT - BOTTOM, "#eee")).append(Svg.text(x, HEIGHT - BOTTOM + 18, "middle", s + ""));
        }
        svg.append(Svg.text(LEFT + (WIDTH - LEFT - RIGHT) / 2.0, HEIGHT - 12, "middle", "s since the start of the window"));
        List<String> modes = new ArrayList<>();
        for (Map<String, Object> run : runs) {
            String mode = Report.variantName(run).replaceFirst("^w3f? ", ""); // a mode, and page-cache when so
            if (!modes.contains(mode)) {
                modes.add(mode);
            }
            String colour = Svg.COLOURS[modes.indexOf(mode) % Svg.COLOURS.length];
            List<double[]> points = new ArrayList<>();
            for (double[] point : series(run)) {
                points.add(new double[] {x(point[0], maxS), y(Math.log10(Math.max(point[1], 0.5)), decades)});
            }
            svg.append(Svg.polyline(points, colour, true));
        }
        for (int i = 0; i < modes.size(); i++) {
            svg.append(Svg.legend(WIDTH - RIGHT, TOP, i, Svg.COLOURS[i % Svg.COLOURS.length], "w3 " + modes.get(i)));
        }
        return svg.append("</svg>\n").toString();
    }

    /** {@code variant,repeat,t_s,duration_ms,inflight_bytes} (the variant: a mode, and page-cache when so), one line per checkpoint. */
    static String csv(List<Map<String, Object>> runs) {
        StringBuilder csv = new StringBuilder("variant,repeat,t_s,duration_ms,inflight_bytes\n");
        for (Map<String, Object> run : runs) {
            for (double[] point : series(run)) {
                csv.append(String.format(Locale.ROOT, "%s,%.0f,%.3f,%.0f,%.0f%n", Report.variantName(run).replaceFirst("^w3f? ", ""),
                    Stats.number(run, "repeat"), point[0], point[1], point[2]));
            }
        }
        return csv.toString();
    }

    @SuppressWarnings("unchecked")
    private static List<double[]> series(Map<String, Object> run) {
        List<double[]> points = new ArrayList<>();
        if (run.get("checkpoints") instanceof Map<?, ?> checkpoints && checkpoints.get("series") instanceof List<?> list) {
            for (Object point : list) {
                List<Object> values = (List<Object>) point;
                points.add(new double[] {((Number) values.get(0)).doubleValue(), ((Number) values.get(1)).doubleValue(),
                    ((Number) values.get(2)).doubleValue()});
            }
        }
        return points;
    }

    private static double x(double seconds, double maxS) {
        return LEFT + seconds / maxS * (WIDTH - LEFT - RIGHT);
    }

    private static double y(double log10, double[] decades) {
        return HEIGHT - BOTTOM - (log10 - decades[0]) / (decades[1] - decades[0]) * (HEIGHT - TOP - BOTTOM);
    }
}
