package io.ringflow.bench.harness;

import java.util.List;
import java.util.Locale;

/** The few SVG elements the report's plots draw, as plain strings. */
final class Svg {
    static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#17becf",
        "#7f7f7f"};

    private Svg() {
    }

    static StringBuilder open(int width, int height, int titleX, String title) {
        return new StringBuilder(String.format(Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" "
                + "font-size=\"12\">\n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n"
                + "<text x=\"%d\" y=\"18\" font-size=\"14\">%s</text>\n", width, height, titleX, escape(title)));
    }

    static String line(double x1, double y1, double x2, double y2, String colour) {
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n",
            x1, y1, x2, y2, colour);
    }

    static String text(double x, double y, String anchor, String content) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>\n", x, y, anchor,
            escape(content));
    }

    /**
     * A filled rectangle; {@code attributes} (e.g. {@code data-phase="sync"}) name what it shows,
     * {@code tooltip} (may be null) becomes its {@code <title>}.
     */
    static String rect(double x, double y, double width, double height, String fill, String attributes, String tooltip) {
        String open = String.format(Locale.ROOT, "<rect x=\"%.3f\" y=\"%.1f\" width=\"%.3f\" height=\"%.1f\" fill=\"%s\"%s",
            x, y, width, height, fill, attributes.isEmpty() ? "" : " " + attributes);
        return tooltip == null ? open + "/>\n" : open + "><title>" + escape(tooltip) + "</title></rect>\n";
    }

    /** A line through {@code points} ("x,y" each), with a dot on every point when {@code dots}. */
    static String polyline(List<double[]> points, String colour, boolean dots) {
        StringBuilder svg = new StringBuilder("<polyline fill=\"none\" stroke=\"").append(colour)
            .append("\" stroke-width=\"2\" points=\"");
        for (double[] point : points) {
            svg.append(String.format(Locale.ROOT, "%.1f,%.1f ", point[0], point[1]));
        }
        svg.append("\"/>\n");
        if (dots) {
            for (double[] point : points) {
                svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>\n",
                    point[0], point[1], colour));
            }
        }
        return svg.toString();
    }

    /** A legend entry at row {@code index} right of the plot area. */
    static String legend(double x, double top, int index, String colour, String label) {
        double y = top + 10 + 20 * index;
        return line(x + 12, y, x + 36, y, colour) + text(x + 42, y + 4, "start", label);
    }

    static String escape(String content) {
        return content.replace("&", "&amp;").replace("<", "&lt;");
    }
}
