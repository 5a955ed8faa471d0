package io.ringflow.api;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.functions.FilterFunction;
import io.ringflow.api.functions.FlatMapFunction;
import io.ringflow.api.functions.KeyedProcessFunction;
import io.ringflow.api.functions.KeySelector;
import io.ringflow.api.functions.MapFunction;
import io.ringflow.api.functions.ProcessFunction;
import io.ringflow.api.functions.ProcessJoinFunction;
import io.ringflow.api.functions.ReduceFunction;
import io.ringflow.api.window.CountEvictor;
import io.ringflow.api.window.CountTrigger;
import io.ringflow.api.window.GlobalWindow;
import io.ringflow.api.window.GlobalWindows;
import io.ringflow.api.window.PurgingTrigger;
import io.ringflow.api.window.Window;
import io.ringflow.api.window.WindowAssigner;
import io.ringflow.graph.ExecutionPlan;
import io.ringflow.graph.OperatorFactory;
import io.ringflow.graph.Operators;
import io.ringflow.graph.Partitioning;
import io.ringflow.graph.StreamNode;
import io.ringflow.graph.TypeExtraction;

import java.time.Duration;


/**
 * A stream partitioned by key: operators applied to it see one key at a time and own keyed
 * state and timers for it, split into key groups.
 *
 * @param <T> records
 * @param <K> key
 */
public final class KeyedStream<T, K> extends DataStream<T> {
    private final KeySelector<T, K> keySelector;
    private final Codec<K> keyCodec;

    KeyedStream(StreamEnvironment env, StreamNode upstream, KeySelector<T, K> keySelector, Codec<K> keyCodec,
                java.util.List<DataStream<T>> unionOf) {
        super(env, upstream, Partitioning.HASH, keySelector, unionOf);
        KeyTypes.checkHashable(keyCodec.type(), "keyBy after " + upstream.describe());
        this.keySelector = keySelector;
        this.keyCodec = keyCodec;
    }

    public <R> SingleOutputStreamOperator<R> process(KeyedProcessFunction<K, T, R> function) {
        return keyedTransform("Keyed Process", TypeExtraction.typeArgument(function, KeyedProcessFunction.class, 2),
            Operators.keyedProcess(function, keySelector, keyCodec));
    }

    /** As {@link DataStream#map}, keyed as in Flink: the function may use keyed state of each record's key. */
    @Override
    public <R> SingleOutputStreamOperator<R> map(MapFunction<T, R> mapper) {
        return keyedTransform("Map", TypeExtraction.typeArgument(mapper, MapFunction.class, 1),
            Operators.keyedMap(mapper, keySelector, keyCodec));
    }

    /** As {@link DataStream#filter}, keyed as in Flink: the function may use keyed state of each record's key. */
    @Override
    public SingleOutputStreamOperator<T> filter(FilterFunction<T> filter) {
        SingleOutputStreamOperator<T> filtered = keyedTransform("Filter", node.outputType(),
            Operators.keyedFilter(filter, keySelector, keyCodec));
        filtered.node.outputCodec(node.outputCodec());
        return filtered;
    }

    /** As {@link DataStream#flatMap}, keyed as in Flink: the function may use keyed state of each record's key. */
    @Override
    public <R> SingleOutputStreamOperator<R> flatMap(FlatMapFunction<T, R> flatMapper) {
        return keyedTransform("Flat Map", TypeExtraction.typeArgument(flatMapper, FlatMapFunction.class, 1),
            Operators.keyedFlatMap(flatMapper, keySelector, keyCodec));
    }

    /** As {@link DataStream#process}, keyed: the function may use keyed state (timers need a {@link KeyedProcessFunction}). */
    @Override
    public <R> SingleOutputStreamOperator<R> process(ProcessFunction<T, R> function) {
        return keyedTransform("Process", TypeExtraction.typeArgument(function, ProcessFunction.class, 1),
            Operators.keyedProcess(function, keySelector, keyCodec));
    }

    /** A rolling reduce: emits the reduced value of the record's key after every record. */
    public SingleOutputStreamOperator<T> reduce(ReduceFunction<T> reducer) {
        StreamNode input = node;
        SingleOutputStreamOperator<T> reduced = keyedTransform("Reduce", node.outputType(),
            Operators.reduce(reducer, keySelector, keyCodec, codecOf(input)));
        reduced.node.outputCodec(node.outputCodec());
        return reduced;
    }

    /** A rolling sum of the record component {@code field}: the key's first record with the running sum, after every record. */
    public SingleOutputStreamOperator<T> sum(String field) {
        return aggregate(ComponentAggregator.byName(node.outputType(), field, ComponentAggregator.Kind.SUM, node.describe()));
    }

    /** {@link #sum(String)} of the record component at {@code position} (0 is the first). */
    public SingleOutputStreamOperator<T> sum(int position) {
        return aggregate(ComponentAggregator.byPosition(node.outputType(), position, ComponentAggregator.Kind.SUM, node.describe()));
    }

    /** A rolling minimum of {@code field}: the key's first record with the least value so far in it. */
    public SingleOutputStreamOperator<T> min(String field) {
        return aggregate(ComponentAggregator.byName(node.outputType(), field, ComponentAggregator.Kind.MIN, node.describe()));
    }

    public SingleOutputStreamOperator<T> min(int position) {
        return aggregate(ComponentAggregator.byPosition(node.outputType(), position, ComponentAggregator.Kind.MIN, node.describe()));
    }

    /** A rolling maximum of {@code field}: the key's first record with the greatest value so far in it. */
    public SingleOutputStreamOperator<T> max(String field) {
        return aggregate(ComponentAggregator.byName(node.outputType(), field, ComponentAggregator.Kind.MAX, node.describe()));
    }

    public SingleOutputStreamOperator<T> max(int position) {
        return aggregate(ComponentAggregator.byPosition(node.outputType(), position, ComponentAggregator.Kind.MAX, node.describe()));
    }

    /** The key's record with the least {@code field} so far (the earliest of equal ones), after every record. */
    public SingleOutputStreamOperator<T> minBy(String field) {
        return aggregate(ComponentAggregator.byName(node.outputType(), field, ComponentAggregator.Kind.MIN_BY, node.describe()));
    }

    public SingleOutputStreamOperator<T> minBy(int position) {
        return aggregate(ComponentAggregator.byPosition(node.outputType(), position, ComponentAggregator.Kind.MIN_BY,
            node.describe()));
    }

    /** The key's record with the greatest {@code field} so far (the earliest of equal ones), after every record. */
    public SingleOutputStreamOperator<T> maxBy(String field) {
        return aggregate(ComponentAggregator.byName(node.outputType(), field, ComponentAggregator.Kind.MAX_BY, node.describe()));
    }

    public SingleOutputStreamOperator<T> maxBy(int position) {
        return aggregate(ComponentAggregator.byPosition(node.outputType(), position, ComponentAggregator.Kind.MAX_BY,
            node.describe()));
    }

    private SingleOutputStreamOperator<T> aggregate(ComponentAggregator<T> aggregator) {
        StreamNode input = node;
        SingleOutputStreamOperator<T> aggregated = keyedTransform("Keyed Aggregation", node.outputType(),
            Operators.reduce(aggregator, keySelector, keyCodec, codecOf(input)));
        aggregated.node.outputCodec(node.outputCodec());
        return aggregated;
    }

    /** Groups each key's records into windows; finish with {@code reduce}, {@code aggregate} or {@code process}. */
    public <W extends Window> WindowedStream<T, K, W> window(WindowAssigner<W> assigner) {
        return new WindowedStream<>(this, assigner);
    }

    /** Windows of {@code size} records per key: each fires when full and starts over (Flink's count window). */
    public WindowedStream<T, K, GlobalWindow> countWindow(long size) {
        return window(GlobalWindows.create())
            .trigger(PurgingTrigger.of(CountTrigger.<GlobalWindow>of(size)));
    }

    /** Every {@code slide} records of a key, a window of its last {@code size} records. */
    public WindowedStream<T, K, GlobalWindow> countWindow(long size, long slide) {
        return window(GlobalWindows.create())
            .evictor(CountEvictor.<GlobalWindow>of(size))
            .trigger(CountTrigger.<GlobalWindow>of(slide));
    }

    /**
     * Joins this stream's records with those of {@code other} of the same key whose timestamps are
     * within an interval of theirs, as Flink's {@code intervalJoin}; event time only.
     */
    public <T1> IntervalJoin<T, T1, K> intervalJoin(KeyedStream<T1, K> other) {
        if (other == null || other.env != env) {
            throw new InvalidJobException("intervalJoin takes a keyed stream of the same StreamEnvironment, got "
                + (other == null ? "null" : "one of another environment"));
        }
        if (!keyCodec.identity().equals(other.keyCodec.identity())) {
            throw new InvalidJobException("the streams of intervalJoin have keys of two types, " + keyCodec.identity()
                + " and " + other.keyCodec.identity() + "; key both by one type, so that a key's records of both sides "
                + "go to the same subtask");
        }
        return new IntervalJoin<>(this, other);
    }

    /** {@code left.intervalJoin(right)}, waiting for its bounds. */
    public static final class IntervalJoin<T1, T2, KEY> {
        private final KeyedStream<T1, KEY> left;
        private final KeyedStream<T2, KEY> right;

        IntervalJoin(KeyedStream<T1, KEY> left, KeyedStream<T2, KEY> right) {
            this.left = left;
            this.right = right;
        }

        /**
         * Joins a left record at {@code t} with right records in {@code [t + lowerBound, t + upperBound]}
         * (bounds inclusive unless made exclusive); bounds may be negative, {@code lowerBound <= upperBound}.
         */
        public IntervalJoined<T1, T2, KEY> between(Duration lowerBound, Duration upperBound) {
            if (lowerBound == null || upperBound == null) {
                throw new InvalidJobException("intervalJoin(...).between needs two bounds, got " + lowerBound + " and "
                    + upperBound);
            }
            if (lowerBound.compareTo(upperBound) > 0) {
                throw new InvalidJobException("intervalJoin(...).between(" + lowerBound + ", " + upperBound + "): the lower "
                    + "bound is above the upper bound; pass the smaller bound first");
            }
            return new IntervalJoined<>(left, right, lowerBound.toMillis(), upperBound.toMillis());
        }
    }

    /** An interval join with its bounds; finish with {@link #process}. */
    public static final class IntervalJoined<IN1, IN2, KEY> {
        private final KeyedStream<IN1, KEY> left;
        private final KeyedStream<IN2, KEY> right;
        private final long lowerBound;
        private final long upperBound;
        private boolean lowerBoundInclusive = true;
        private boolean upperBoundInclusive = true;
        private String leftLateTag;
        private String rightLateTag;

        IntervalJoined(KeyedStream<IN1, KEY> left, KeyedStream<IN2, KEY> right, long lowerBound, long upperBound) {
            this.left = left;
            this.right = right;
            this.lowerBound = lowerBound;
            this.upperBound = upperBound;
        }

        public IntervalJoined<IN1, IN2, KEY> lowerBoundExclusive() {
            lowerBoundInclusive = false;
            return this;
        }

        public IntervalJoined<IN1, IN2, KEY> upperBoundExclusive() {
            upperBoundInclusive = false;
            return this;
        }

        /** Sends left records behind the watermark to the side output {@code tag} instead of dropping them. */
        public IntervalJoined<IN1, IN2, KEY> sideOutputLeftLateData(OutputTag<IN1> tag) {
            leftLateTag = lateTag(tag, "sideOutputLeftLateData");
            return this;
        }

        /** Sends right records behind the watermark to the side output {@code tag} instead of dropping them. */
        public IntervalJoined<IN1, IN2, KEY> sideOutputRightLateData(OutputTag<IN2> tag) {
            rightLateTag = lateTag(tag, "sideOutputRightLateData");
            return this;
        }

        private static String lateTag(OutputTag<?> tag, String method) {
            if (tag == null) {
                throw new InvalidJobException("intervalJoin(...)." + method + " needs an OutputTag, got null");
            }
            return tag.getId();
        }

        /** Calls {@code function} for every joined pair, with the greater timestamp of the two. */
        public <OUT> SingleOutputStreamOperator<OUT> process(ProcessJoinFunction<IN1, IN2, OUT> function) {
            long lower = lowerBoundInclusive ? lowerBound : lowerBound + 1; // in whole milliseconds, as in Flink
            long upper = upperBoundInclusive ? upperBound : upperBound - 1;
            if (lower > upper) {
                throw new InvalidJobException("intervalJoin(...).between(" + lowerBound + " ms, " + upperBound + " ms) with "
                    + "exclusive bounds holds no time; widen the bounds or make one inclusive");
            }
            StreamNode node = left.env.graph().addNode(StreamNode.Kind.OPERATOR, "Interval Join",
                Operators.intervalJoin(function, lower, upper, left.keySelector, right.keySelector, left.keyCodec,
                    codecOf(left.node), codecOf(right.node), leftLateTag, rightLateTag));
            node.outputType(TypeExtraction.typeArgument(function, ProcessJoinFunction.class, 2));
            node.keyed(true);
            left.connectTo(node, 1);
            right.connectTo(node, 2);
            return new SingleOutputStreamOperator<>(left.env, node);
        }
    }

    <R> SingleOutputStreamOperator<R> keyedTransform(String name, Class<?> outputType, OperatorFactory factory) {
        SingleOutputStreamOperator<R> stream = transform(name, outputType, factory);
        stream.node.keyed(true);
        return stream;
    }

    KeySelector<T, K> keySelector() {
        return keySelector;
    }

    Codec<K> keyCodec() {
        return keyCodec;
    }

    @SuppressWarnings("unchecked")
    static <T> Codec<T> codecOf(StreamNode node) {
        return (Codec<T>) ExecutionPlan.codecOfNode(node);
    }
}
