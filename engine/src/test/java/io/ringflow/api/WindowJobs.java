package io.ringflow.api;

import io.ringflow.api.WindowReference.Event;
import io.ringflow.api.WindowReference.Fn;
import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.AggregateFunction;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.ProcessAllWindowFunction;
import io.ringflow.api.functions.ProcessWindowFunction;
import io.ringflow.api.window.TimeWindow;
import io.ringflow.api.window.Trigger;
import io.ringflow.api.window.TriggerResult;
import io.ringflow.api.window.Window;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The window functions of the end-to-end window tests, emitting the lines {@link Fn#describe} computes. */
final class WindowJobs {
    static final Codec<Event> EVENTS = Codecs.forClass(Event.class);
    /** Records the trigger of a test has seen, per window they went to. */
    static final AtomicInteger ELEMENTS = new AtomicInteger();

    private WindowJobs() {
    }

    /** The accumulator of {@link SumAggregate}. */
    public record Sum(String key, long count, long sum) {
    }

    static final class SumAggregate implements AggregateFunction<Event, Sum, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public Sum createAccumulator() {
            return new Sum("", 0, 0);
        }

        @Override
        public Sum add(Event value, Sum accumulator) {
            return new Sum(value.key(), accumulator.count() + 1, accumulator.sum() + value.value());
        }

        @Override
        public String getResult(Sum accumulator) {
            return accumulator.key() + " " + accumulator.count() + "/" + accumulator.sum();
        }

        @Override
        public Sum merge(Sum a, Sum b) {
            return new Sum(a.key().isEmpty() ? b.key() : a.key(), a.count() + b.count(), a.sum() + b.sum());
        }
    }

    static String describe(Window window) {
        return window instanceof TimeWindow w ? w.start() + "-" + w.end() : "global";
    }

    static Event add(Event a, Event b) {
        return new Event(a.key(), Math.max(a.time(), b.time()), a.value() + b.value());
    }

    static String line(Event reduced) {
        return reduced.key() + " " + reduced.time() + " " + reduced.value();
    }

    static <W extends Window> String values(String key, W window, Iterable<Event> records) {
        List<Long> values = new ArrayList<>();
        records.forEach(e -> values.add(e.value()));
        values.sort(null);
        return key + " " + describe(window) + " " + values;
    }

    static final class DescribeResult<W extends Window> extends ProcessWindowFunction<String, String, String, W> {
        private static final long serialVersionUID = 1L;

        @Override
        public void process(String key, Context context, Iterable<String> results, Collector<String> out) {
            out.collect(describe(context.window()) + " " + results.iterator().next());
        }
    }

    static final class DescribeAll<W extends Window> extends ProcessWindowFunction<Event, String, String, W> {
        private static final long serialVersionUID = 1L;

        @Override
        public void process(String key, Context context, Iterable<Event> records, Collector<String> out) {
            out.collect(values(key, context.window(), records));
        }
    }

    static final class DescribeAllOfStream<W extends Window> extends ProcessAllWindowFunction<Event, String, W> {
        private static final long serialVersionUID = 1L;

        @Override
        public void process(Context context, Iterable<Event> records, Collector<String> out) {
            out.collect(values(records.iterator().next().key(), context.window(), records));
        }
    }

    /** Finishes a windowed stream with {@code fn}. */
    static <W extends Window> DataStream<String> apply(WindowedStream<Event, String, W> windowed, Fn fn) {
        return switch (fn) {
            case REDUCE -> windowed.reduce(WindowJobs::add).map(WindowJobs::line);
            case AGGREGATE -> windowed.aggregate(new SumAggregate());
            case AGGREGATE_PROCESS -> windowed.aggregate(new SumAggregate(), new DescribeResult<>());
            case PROCESS -> windowed.process(new DescribeAll<>());
        };
    }

    /** Counts records as they reach their windows, so a test knows they arrived; otherwise {@code nested} decides. */
    static class Counting<W extends Window> extends Trigger<Object, W> {
        private static final long serialVersionUID = 1L;
        private final Trigger<Object, W> nested;

        Counting(Trigger<Object, W> nested) {
            this.nested = nested;
        }

        @Override
        public TriggerResult onElement(Object element, long timestamp, W window, TriggerContext ctx) throws Exception {
            ELEMENTS.incrementAndGet();
            return nested.onElement(element, timestamp, window, ctx);
        }

        @Override
        public TriggerResult onProcessingTime(long time, W window, TriggerContext ctx) throws Exception {
            return nested.onProcessingTime(time, window, ctx);
        }

        @Override
        public TriggerResult onEventTime(long time, W window, TriggerContext ctx) throws Exception {
            return nested.onEventTime(time, window, ctx);
        }

        @Override
        public boolean canMerge() {
            return nested.canMerge();
        }

        @Override
        public void onMerge(W window, OnMergeContext ctx) throws Exception {
            nested.onMerge(window, ctx);
        }

        @Override
        public void clear(W window, TriggerContext ctx) throws Exception {
            nested.clear(window, ctx);
        }
    }
}
