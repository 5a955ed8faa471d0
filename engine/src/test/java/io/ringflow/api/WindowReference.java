package io.ringflow.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongFunction;

/**
 * Windows computed in plain Java, record by record, as the window operator should: the results
 * of the end-to-end window tests are compared with these.
 */
final class WindowReference {
    record Event(String key, long time, long value) {
    }

    /** A time window {@code [start, end)}; the global window of count windows is {@code null}. */
    record Win(long start, long end) {
        long maxTimestamp() {
            return end - 1;
        }

        @Override
        public String toString() {
            return start + "-" + end;
        }
    }

    /** The window functions under test, each as the line it emits for a window's records. */
    enum Fn {
        REDUCE, AGGREGATE, AGGREGATE_PROCESS, PROCESS;

        String describe(String key, Win window, List<Event> records) {
            long count = records.size();
            long sum = records.stream().mapToLong(Event::value).sum();
            String w = window == null ? "global" : window.toString();
            return switch (this) {
                case REDUCE -> key + " " + records.stream().mapToLong(Event::time).max().orElseThrow() + " " + sum;
                case AGGREGATE -> key + " " + count + "/" + sum;
                case AGGREGATE_PROCESS -> w + " " + key + " " + count + "/" + sum;
                case PROCESS -> key + " " + w + " " + records.stream().map(Event::value).sorted().toList();
            };
        }
    }

    /** The lines a job emits, how many were late firings, and how many records came too late. */
    record Outcome(List<String> lines, int lateFirings, int dropped) {
        @Override
        public String toString() {
            return lines.size() + " lines, " + lateFirings + " late firings, " + dropped + " records dropped";
        }
    }

    private static final class Open {
        final Win window;
        final List<Event> records = new ArrayList<>();
        boolean timerPending;

        Open(Win window) {
            this.window = window;
        }
    }

    private WindowReference() {
    }

    /** The windows of size {@code size} starting every {@code slide} that contain {@code time}. */
    static LongFunction<List<Win>> sliding(long size, long slide) {
        return time -> {
            List<Win> windows = new ArrayList<>();
            for (long start = time - Math.floorMod(time, slide); start > time - size; start -= slide) {
                windows.add(new Win(start, start + size));
            }
            return windows;
        };
    }

    /**
     * Event-time windows (sessions when {@code gap > 0}, else {@code assigner}) with a watermark
     * of the highest timestamp so far minus {@code bound} minus 1 after each record, as a
     * bounded-out-of-orderness source emits it; the watermark restarts at record
     * {@code restartAt} (a restored job), and ends at {@code Long.MAX_VALUE}.
     */
    static Outcome eventTime(List<Event> events, LongFunction<List<Win>> assigner, long gap, long bound,
                             long lateness, Fn fn, int restartAt) {
        int lateFirings = 0;
        int dropped = 0;
        Map<String, List<Open>> open = new HashMap<>();
        List<String> out = new ArrayList<>();
        long watermark = Long.MIN_VALUE;
        long maxTime = Long.MIN_VALUE;
        for (int i = 0; i < events.size(); i++) {
            if (i == restartAt) {
                watermark = Long.MIN_VALUE;
                maxTime = Long.MIN_VALUE;
            }
            Event event = events.get(i);
            List<Open> windows = open.computeIfAbsent(event.key(), k -> new ArrayList<>());
            List<Win> assigned = gap > 0 ? List.of(new Win(event.time(), event.time() + gap)) : assigner.apply(event.time());
            boolean added = false;
            for (Win window : assigned) {
                Open target = gap > 0 ? session(windows, window, watermark, lateness) : tumbleOrSlide(windows, window, watermark, lateness);
                if (target == null) {
                    continue;
                }
                added = true;
                target.records.add(event);
                if (target.window.maxTimestamp() <= watermark) {
                    out.add(fn.describe(event.key(), target.window, target.records)); // a late firing
                    lateFirings++;
                } else {
                    target.timerPending = true;
                }
            }
            if (!added) {
                dropped++;
            }
            maxTime = Math.max(maxTime, event.time());
            if (maxTime - bound - 1 > watermark) {
                watermark = maxTime - bound - 1;
                advance(open, watermark, lateness, fn, out);
            }
        }
        advance(open, Long.MAX_VALUE, lateness, fn, out);
        return new Outcome(out, lateFirings, dropped);
    }

    /**
     * Processing-time windows: {@code batches} arrive at {@code times}; before each batch the
     * windows that ended fire. {@code firedBefore} gets the number of results expected once
     * each batch's time is reached, so a test knows when the firings are done.
     */
    static List<String> processingTime(List<Long> times, List<List<Event>> batches, LongFunction<List<Win>> assigner,
                                       long gap, Fn fn, List<Integer> firedBefore) {
        Map<String, List<Open>> open = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (int b = 0; b < times.size(); b++) {
            long now = times.get(b);
            advance(open, now, 0, fn, out);
            firedBefore.add(out.size());
            for (Event event : batches.get(b)) {
                List<Open> windows = open.computeIfAbsent(event.key(), k -> new ArrayList<>());
                List<Win> assigned = gap > 0 ? List.of(new Win(now, now + gap)) : assigner.apply(now);
                for (Win window : assigned) {
                    Open target = gap > 0 ? session(windows, window, Long.MIN_VALUE, 0)
                        : tumbleOrSlide(windows, window, Long.MIN_VALUE, 0);
                    target.records.add(event);
                    target.timerPending = true;
                }
            }
        }
        return out;
    }

    /** Count windows per key: fire every {@code slide} records over the last {@code size}; purge when tumbling. */
    static List<String> count(List<Event> events, int size, int slide, Fn fn) {
        Map<String, List<Event>> kept = new HashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (Event event : events) {
            List<Event> records = kept.computeIfAbsent(event.key(), k -> new ArrayList<>());
            records.add(event);
            int count = counts.merge(event.key(), 1, Integer::sum);
            if (count == slide) {
                counts.put(event.key(), 0);
                while (records.size() > size) {
                    records.remove(0);
                }
                out.add(fn.describe(event.key(), null, records));
                if (size == slide) {
                    records.clear();
                }
            }
        }
        return out;
    }

    private static Open tumbleOrSlide(List<Open> windows, Win window, long watermark, long lateness) {
        if (window.maxTimestamp() + lateness <= watermark) {
            return null;
        }
        for (Open o : windows) {
            if (o.window.equals(window)) {
                return o;
            }
        }
        Open created = new Open(window);
        windows.add(created);
        return created;
    }

    /** Flink's session merging: windows that overlap or touch the new one become one. */
    private static Open session(List<Open> windows, Win window, long watermark, long lateness) {
        List<Open> overlapping = new ArrayList<>();
        long start = window.start();
        long end = window.end();
        for (Open o : windows) {
            if (o.window.start() <= window.end() && o.window.end() >= window.start()) {
                overlapping.add(o);
                start = Math.min(start, o.window.start());
                end = Math.max(end, o.window.end());
            }
        }
        if (overlapping.isEmpty()) {
            if (window.maxTimestamp() + lateness <= watermark) {
                return null;
            }
            Open created = new Open(window);
            windows.add(created);
            return created;
        }
        Win merged = new Win(start, end);
        if (overlapping.size() == 1 && overlapping.get(0).window.equals(merged)) {
            return overlapping.get(0);
        }
        overlapping.sort(Comparator.comparingLong(o -> o.window.start()));
        Open result = new Open(merged);
        for (Open o : overlapping) {
            result.records.addAll(o.records);
        }
        windows.removeAll(overlapping);
        windows.add(result);
        result.timerPending = merged.maxTimestamp() > watermark;
        return result;
    }

    /** Fires windows whose end the time passed, then forgets those past their lateness. */
    private static void advance(Map<String, List<Open>> open, long time, long lateness, Fn fn, List<String> out) {
        for (Map.Entry<String, List<Open>> entry : open.entrySet()) {
            for (Open o : entry.getValue()) {
                if (o.timerPending && o.window.maxTimestamp() <= time) {
                    o.timerPending = false;
                    out.add(fn.describe(entry.getKey(), o.window, o.records));
                }
            }
            entry.getValue().removeIf(o -> o.window.maxTimestamp() + lateness <= time);
        }
    }

    /**
     * Out-of-order events of {@code keys} keys: mostly within 15 ms of order, some 30-60 ms late,
     * a few 200-300 ms late, with a pause of 150 ms every 150 events (sessions end there).
     */
    static List<Event> events(int n, int keys, long seed) {
        Random random = new Random(seed);
        List<Event> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long base = 1_000 + i * 4L + (i / 150) * 150L;
            int roll = random.nextInt(100);
            long jitter = roll < 90 ? random.nextInt(21) - 15 : roll < 97 ? -30 - random.nextInt(31) : -200 - random.nextInt(101);
            events.add(new Event("k" + random.nextInt(keys), base + jitter, 1 + random.nextInt(100)));
        }
        return events;
    }

    static List<String> sorted(List<String> lines) {
        List<String> copy = new ArrayList<>(lines);
        copy.sort(null);
        return copy;
    }
}
