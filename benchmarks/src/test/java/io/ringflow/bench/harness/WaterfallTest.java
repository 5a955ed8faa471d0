package io.ringflow.bench.harness;

import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.CheckpointTrace;
import io.ringflow.api.CheckpointTrace.TaskTrace;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.ringflow.api.CheckpointTrace.NONE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The waterfall drawn from a hand-made trace, read back from the SVG's rects and lines. */
class WaterfallTest {
    private static final Pattern ELEMENT = Pattern.compile("<(rect|line|text) ([^>]*?)/?>(?:([^<]*)</text>)?");
    private static final Pattern ATTRIBUTE = Pattern.compile("([a-z-]+)=\"([^\"]*)\"");

    /** A drawn element with {@code data-row}: a bar (rect), a tick (line) or a row label (text). */
    private record Element(String tag, Map<String, String> attributes, String text) {
        String phase() {
            return attributes.get("data-phase");
        }

        int row() {
            return Integer.parseInt(attributes.get("data-row"));
        }

        double x() {
            return Double.parseDouble(attributes.get(tag.equals("line") ? "x1" : "x"));
        }

        double width() {
            return Double.parseDouble(attributes.get("width"));
        }
    }

    /** A source (unaligned: captures in-flight records) and a keyed task with two inputs, notification missing. */
    static CheckpointTrace trace() {
        TaskTrace source = new TaskTrace(0, "Source -> Map (1/1)", 100, new long[0], new long[0], 200, 300, 500,
            1_000, 1_500, new long[] {1_100, 2_000, 3_000, 4_900}, 5_000, 5_100);
        TaskTrace keyed = new TaskTrace(1, "CountAndSum -> Sink (1/1)", NONE, new long[] {400, 600}, new long[] {450, 700},
            800, 900, NONE, 2_000, NONE, new long[] {2_100, 7_900}, 8_000, 8_100);
        return new CheckpointTrace(7, 1_000_000, CheckpointStatus.COMPLETED, List.of(source, keyed), 8_200, 9_000, 9_100,
            NONE);
    }

    @Test
    void shouldDrawOneRowPerTaskAndOneForTheCoordinator() {
        List<Element> labels = elements(svg(trace())).stream().filter(e -> e.tag().equals("text")).toList();

        assertEquals(3, labels.size(), () -> "labels " + labels);
        assertEquals(List.of(0, 1, 2), labels.stream().map(Element::row).toList());
        assertEquals(List.of("Source -> Map (1/1)", "CountAndSum -> Sink (1/1)", Waterfall.COORDINATOR),
            labels.stream().map(label -> label.text().replace("&gt;", ">")).toList());
    }

    @Test
    void shouldDrawEachTasksPhasesInOrderWithWidthsProportionalToTheirDurations() {
        List<Element> bars = bars(svg(trace()));

        assertEquals(List.of("barriers", "sync", "capture", "async", "stream", "stream"), phases(bars, 0));
        assertEquals(List.of("barriers", "sync", "async", "stream"), phases(bars, 1));
        assertEquals(List.of("metadata", "complete"), phases(bars, 2));
        // from → to of every bar, in drawing order: began → sync start, sync, capture, async, streams, ...
        long[][] spans = {{100, 200}, {200, 300}, {300, 500}, {1_000, 5_000}, {1_100, 2_000}, {3_000, 4_900},
            {400, 800}, {800, 900}, {2_000, 8_000}, {2_100, 7_900}, {8_200, 9_000}, {9_000, 9_100}};
        assertEquals(spans.length, bars.size());
        double scale = bars.get(3).width() / 4_000;
        double origin = bars.get(3).x() - scale * 1_000;
        for (int i = 0; i < spans.length; i++) {
            Element bar = bars.get(i);
            double expectedWidth = scale * (spans[i][1] - spans[i][0]);
            assertEquals(expectedWidth, bar.width(), 0.002, "width of " + bar);
            assertEquals(origin + scale * spans[i][0], bar.x(), 0.002, "start of " + bar);
        }
        for (int i = 1; i < 4; i++) {
            assertTrue(bars.get(i).x() >= bars.get(i - 1).x() + bars.get(i - 1).width() - 0.002, "source phases in order");
        }
        Element async = bars.get(3);
        for (Element stream : bars.subList(4, 6)) {
            assertTrue(stream.x() >= async.x() && stream.x() + stream.width() <= async.x() + async.width() + 0.002,
                "streams inside the async bar");
        }
    }

    @Test
    void shouldDrawNothingForAPhaseThatDidNotHappen() {
        List<Element> drawn = elements(svg(trace()));

        assertTrue(bars(drawn).stream().noneMatch(bar -> bar.row() == 1 && bar.phase().equals("capture")), "aligned task");
        assertTrue(bars(drawn).stream().noneMatch(bar -> bar.phase().equals("notify")), "not notified");
        List<Element> ticks = drawn.stream().filter(e -> e.tag().equals("line") && e.phase() != null).toList();
        assertEquals(List.of("in-flight-written@0", "acknowledged@0", "acknowledged@1"),
            ticks.stream().map(tick -> tick.phase() + "@" + tick.row()).toList());

        TaskTrace unacknowledged = new TaskTrace(0, "Source (1/1)", 10, new long[0], new long[0], 20, NONE, NONE, NONE,
            NONE, new long[0], NONE, NONE);
        CheckpointTrace failed = new CheckpointTrace(8, 0, CheckpointStatus.FAILED, List.of(unacknowledged), NONE, NONE,
            NONE, NONE);
        List<Element> partial = elements(svg(failed));
        assertEquals(List.of("barriers"), phases(bars(partial), 0));
        assertTrue(partial.stream().noneMatch(e -> e.tag().equals("line") && e.phase() != null), "no ticks");
        assertEquals(List.of(), phases(bars(partial), 1));
    }

    @Test
    void shouldDrawSeveralCheckpointsOnOneAxisWithUniqueRows() {
        CheckpointTrace longer = trace();
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) Json.parse(Json.write(TraceFigures.json(longer)));
        Map<String, Object> doubled = new java.util.LinkedHashMap<>(json);
        doubled.put("coordinator", Map.of("last_ack_seen_us", 8_200L, "metadata_written_us", 18_200L));

        List<Element> drawn = elements(Waterfall.svg("two", List.of(new Waterfall.Panel("a", json),
            new Waterfall.Panel("b", doubled))));

        assertEquals(List.of(0, 1, 2, 3, 4, 5), drawn.stream().filter(e -> e.tag().equals("text")).map(Element::row).toList());
        Element syncA = bar(drawn, 0, "sync");
        Element syncB = bar(drawn, 3, "sync");
        assertEquals(syncA.x(), syncB.x(), 1e-9, "one axis");
        Element metadata = bar(drawn, 5, "metadata");
        assertEquals(syncA.width() * 100, metadata.width(), 0.01, "10,000 µs against 100 µs on the same scale");
    }

    @Test
    void shouldPickReadableTickSteps() {
        assertEquals(1_000, Waterfall.tickStep(9_100));
        assertEquals(5_000, Waterfall.tickStep(36_000));
        assertEquals(50_000, Waterfall.tickStep(226_412));
        assertEquals(1, Waterfall.tickStep(3));
    }

    private static String svg(CheckpointTrace trace) {
        // through JSON and back, as the report reads it from the run files
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) Json.parse(Json.write(TraceFigures.json(trace)));
        return Waterfall.svg("test", json);
    }

    private static List<Element> elements(String svg) {
        List<Element> elements = new ArrayList<>();
        Matcher element = ELEMENT.matcher(svg);
        while (element.find()) {
            Map<String, String> attributes = new java.util.LinkedHashMap<>();
            Matcher attribute = ATTRIBUTE.matcher(element.group(2));
            while (attribute.find()) {
                attributes.put(attribute.group(1), attribute.group(2));
            }
            if (attributes.containsKey("data-row")) {
                elements.add(new Element(element.group(1), attributes, element.group(3)));
            }
        }
        return elements;
    }

    private static List<Element> bars(String svg) {
        return bars(elements(svg));
    }

    private static List<Element> bars(List<Element> elements) {
        return elements.stream().filter(e -> e.tag().equals("rect")).toList();
    }

    private static Element bar(List<Element> drawn, int row, String phase) {
        return bars(drawn).stream().filter(bar -> bar.row() == row && bar.phase().equals(phase)).findFirst().orElseThrow();
    }

    private static List<String> phases(List<Element> bars, int row) {
        return bars.stream().filter(bar -> bar.row() == row).map(Element::phase).toList();
    }
}
