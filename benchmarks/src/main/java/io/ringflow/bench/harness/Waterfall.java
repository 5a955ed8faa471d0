package io.ringflow.bench.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One checkpoint's trace ({@link TraceFigures#json}) as a waterfall SVG: x = µs after the
 * trigger (linear), one row per task and one for the coordinator. A task row: waiting for
 * barriers (began → sync start), sync, in-flight capture (unaligned), async with each stream
 * finished as a darker bar inside it, a tick where the in-flight records were written and one
 * at the acknowledgement. The coordinator row: metadata written, completed, notified. A phase
 * without both ends (null in the trace) draws nothing. Several checkpoints may share one figure
 * and its axis, each under a heading ({@link Panel}). Every bar is a {@code rect} with
 * {@code data-phase} and {@code data-row} (the row's index), so tests can read the drawing back.
 */
final class Waterfall {
    static final String COORDINATOR = "coordinator";
    private static final int WIDTH = 960;
    private static final int LEFT = 230;
    private static final int RIGHT = 40;
    private static final int TOP = 40;
    private static final int ROW = 26;
    private static final int BAR = 14;
    private static final int STREAM_INSET = 3;
    private static final int LABEL_CHARS = 34;

    /** A bar kind: its {@code data-phase}, colour and legend text. */
    enum Phase {
        BARRIERS("barriers", "#fdd0a2", "waiting for barriers (began → sync start)"),
        SYNC("sync", "#d62728", "sync snapshot"),
        CAPTURE("capture", "#9467bd", "in-flight capture (unaligned)"),
        ASYNC("async", "#9ecae1", "async write"),
        STREAM("stream", "#08519c", "stream finished (write, force)"),
        METADATA("metadata", "#fdae6b", "coordinator: last ack seen → metadata written"),
        COMPLETE("complete", "#74c476", "→ completed"),
        NOTIFY("notify", "#238b45", "→ tasks notified");

        final String id;
        final String colour;
        final String label;

        Phase(String id, String colour, String label) {
            this.id = id;
            this.colour = colour;
            this.label = label;
        }
    }

    private static final String IN_FLIGHT_TICK = "#2ca02c";
    private static final String ACK_TICK = "#000";

    private Waterfall() {
    }

    /** One checkpoint in a figure: a heading (null: none) over its rows. */
    record Panel(String heading, Map<String, Object> trace) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> tasks() {
            return (List<Map<String, Object>>) trace.getOrDefault("tasks", List.of());
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> coordinator() {
            return (Map<String, Object>) trace.getOrDefault("coordinator", Map.of());
        }

        int rows() {
            return tasks().size() + 1 + (heading == null ? 0 : 1);
        }
    }

    /** @param trace a {@code median_trace} object: {@code tasks} and {@code coordinator} */
    static String svg(String title, Map<String, Object> trace) {
        return svg(title, List.of(new Panel(null, trace)));
    }

    /** Several checkpoints one under the other on one time axis, so their lengths compare. */
    static String svg(String title, List<Panel> panels) {
        double axisMax = 1;
        int rows = 0;
        for (Panel panel : panels) {
            for (Map<String, Object> task : panel.tasks()) {
                axisMax = Math.max(axisMax, latest(task));
            }
            axisMax = Math.max(axisMax, latest(panel.coordinator()));
            rows += panel.rows();
        }
        double step = tickStep(axisMax);
        axisMax = Math.ceil(axisMax / step) * step;
        double axisY = TOP + rows * ROW;
        List<LegendItem> legend = legend();
        int height = (int) axisY + 48 + 20 * legendLines(legend);

        StringBuilder svg = Svg.open(WIDTH, height, 10, title);
        for (double tick = 0; tick <= axisMax + step / 2; tick += step) {
            double x = x(tick, axisMax);
            svg.append(Svg.line(x, TOP, x, axisY, "#e5e5e5"))
                .append(Svg.text(x, axisY + 16, "middle", String.format(Locale.ROOT, "%,.0f", tick)));
        }
        svg.append(Svg.line(LEFT, axisY, WIDTH - RIGHT, axisY, "#888"))
            .append(Svg.text(LEFT + (WIDTH - LEFT - RIGHT) / 2.0, axisY + 34, "middle", "µs after the trigger"));
        int row = 0;
        double top = TOP;
        for (Panel panel : panels) {
            if (panel.heading() != null) {
                svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%.1f\" font-weight=\"bold\">%s</text>\n",
                    top + ROW / 2.0 + 8, Svg.escape(panel.heading())));
                top += ROW;
            }
            for (Map<String, Object> task : panel.tasks()) {
                taskRow(svg, row++, top, task, axisMax);
                top += ROW;
            }
            coordinatorRow(svg, row++, top, panel.coordinator(), axisMax);
            top += ROW;
        }
        drawLegend(svg, legend, axisY + 48);
        return svg.append("</svg>\n").toString();
    }

    @SuppressWarnings("unchecked")
    private static void taskRow(StringBuilder svg, int row, double top, Map<String, Object> task, double axisMax) {
        label(svg, row, top, String.valueOf(task.get("name")));
        double mid = top + ROW / 2.0;
        Long began = micros(task, "began_us");
        if (began != null && began > 0) {
            // before the task's part began: the trigger or barrier on its way
            svg.append(Svg.line(x(0, axisMax), mid, x(began, axisMax), mid, "#ccc"));
        }
        bar(svg, row, top, Phase.BARRIERS, began, micros(task, "sync_start_us"), axisMax, 0);
        bar(svg, row, top, Phase.SYNC, micros(task, "sync_start_us"), micros(task, "sync_end_us"), axisMax, 0);
        bar(svg, row, top, Phase.CAPTURE, micros(task, "sync_end_us"), micros(task, "capture_end_us"), axisMax, 0);
        bar(svg, row, top, Phase.ASYNC, micros(task, "async_start_us"), micros(task, "async_end_us"), axisMax, 0);
        for (Object stream : (List<Object>) task.getOrDefault("streams_us", List.of())) {
            List<Object> ends = (List<Object>) stream;
            bar(svg, row, top, Phase.STREAM, number(ends.get(0)), number(ends.get(1)), axisMax, STREAM_INSET);
        }
        tick(svg, row, top, "in-flight-written", micros(task, "in_flight_written_us"), IN_FLIGHT_TICK, axisMax);
        tick(svg, row, top, "acknowledged", micros(task, "acknowledged_us"), ACK_TICK, axisMax);
    }

    private static void coordinatorRow(StringBuilder svg, int row, double top, Map<String, Object> coordinator, double axisMax) {
        label(svg, row, top, COORDINATOR);
        Long seen = micros(coordinator, "last_ack_seen_us");
        Long metadata = micros(coordinator, "metadata_written_us");
        Long completed = micros(coordinator, "completed_us");
        bar(svg, row, top, Phase.METADATA, seen, metadata, axisMax, 0);
        bar(svg, row, top, Phase.COMPLETE, metadata, completed, axisMax, 0);
        bar(svg, row, top, Phase.NOTIFY, completed, micros(coordinator, "notified_us"), axisMax, 0);
    }

    private static void label(StringBuilder svg, int row, double top, String name) {
        String shown = name.length() > LABEL_CHARS ? name.substring(0, LABEL_CHARS - 1) + "…" : name;
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" data-row=\"%d\">%s</text>\n",
            LEFT - 8, top + ROW / 2.0 + 4, row, Svg.escape(shown)));
    }

    private static void bar(StringBuilder svg, int row, double top, Phase phase, Long from, Long to, double axisMax, int inset) {
        if (from == null || to == null || to < from) {
            return;
        }
        double y = top + (ROW - BAR) / 2.0 + inset;
        String tooltip = String.format(Locale.ROOT, "%s %,d–%,d µs (%,d µs)", phase.label, from, to, to - from);
        svg.append(Svg.rect(x(from, axisMax), y, x(to, axisMax) - x(from, axisMax), BAR - 2 * inset, phase.colour,
            "data-phase=\"" + phase.id + "\" data-row=\"" + row + "\"", tooltip));
    }

    private static void tick(StringBuilder svg, int row, double top, String phase, Long at, String colour, double axisMax) {
        if (at == null) {
            return;
        }
        double x = x(at, axisMax);
        svg.append(String.format(Locale.ROOT,
            "<line x1=\"%.3f\" y1=\"%.1f\" x2=\"%.3f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\" data-phase=\"%s\" "
                + "data-row=\"%d\"><title>%s %,d µs</title></line>\n", x, top + 3, x, top + ROW - 3, colour, phase, row,
            phase.replace('-', ' '), at));
    }

    /** A legend entry: a swatch (or a tick) and its text. */
    private record LegendItem(String colour, String label, boolean tick) {
        double width() {
            return 20 + 6.6 * label.length() + 18;
        }
    }

    private static List<LegendItem> legend() {
        List<LegendItem> items = new ArrayList<>();
        for (Phase phase : Phase.values()) {
            items.add(new LegendItem(phase.colour, phase.label, false));
        }
        items.add(new LegendItem(IN_FLIGHT_TICK, "in-flight written", true));
        items.add(new LegendItem(ACK_TICK, "acknowledged", true));
        return items;
    }

    /** Legend entries left to right, wrapped at the plot's right edge. */
    private static void drawLegend(StringBuilder svg, List<LegendItem> items, double top) {
        double x = 10;
        double y = top;
        for (LegendItem item : items) {
            if (x + item.width() > WIDTH - 10) {
                x = 10;
                y += 20;
            }
            if (item.tick()) {
                svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                    + "stroke-width=\"2\"/>\n", x + 7, y - 2, x + 7, y + 12, item.colour()));
            } else {
                svg.append(Svg.rect(x, y, 14, 10, item.colour(), "class=\"legend\"", null));
            }
            svg.append(Svg.text(x + 20, y + 9, "start", item.label()));
            x += item.width();
        }
    }

    private static int legendLines(List<LegendItem> items) {
        double x = 10;
        int lines = 1;
        for (LegendItem item : items) {
            if (x + item.width() > WIDTH - 10) {
                x = 10;
                lines++;
            }
            x += item.width();
        }
        return lines;
    }

    /** A tick spacing of 1, 2 or 5 × 10^k giving at most about 10 ticks. */
    static double tickStep(double max) {
        double raw = max / 10;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double factor : new double[] {1, 2, 5}) {
            if (factor * magnitude >= raw) {
                return Math.max(1, factor * magnitude);
            }
        }
        return Math.max(1, 10 * magnitude);
    }

    /** The latest time ({@code *_us}) in a task's or the coordinator's object: the axis must reach it. */
    private static double latest(Map<String, Object> object) {
        double latest = 0;
        for (Map.Entry<String, Object> entry : object.entrySet()) {
            if (entry.getKey().endsWith("_us")) {
                latest = Math.max(latest, deepMax(entry.getValue()));
            }
        }
        return latest;
    }

    private static double deepMax(Object value) {
        double max = value instanceof Number n ? n.doubleValue() : 0;
        if (value instanceof List<?> list) {
            for (Object item : list) {
                max = Math.max(max, deepMax(item));
            }
        }
        return max;
    }

    private static double x(double micros, double axisMax) {
        return LEFT + micros / axisMax * (WIDTH - LEFT - RIGHT);
    }

    private static Long micros(Map<String, Object> object, String field) {
        return number(object.get(field));
    }

    private static Long number(Object value) {
        return value instanceof Number n ? n.longValue() : null;
    }
}
