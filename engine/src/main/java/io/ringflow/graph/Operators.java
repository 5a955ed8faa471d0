package io.ringflow.graph;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.connector.Sink;
import io.ringflow.api.connector.TwoPhaseCommitSink;
import io.ringflow.api.connector.Source;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.AggregateFunction;
import io.ringflow.api.functions.AllWindowFunction;
import io.ringflow.api.functions.BroadcastProcessFunction;
import io.ringflow.api.functions.KeyedBroadcastProcessFunction;
import io.ringflow.api.functions.ProcessJoinFunction;
import io.ringflow.api.state.MapStateDescriptor;
import io.ringflow.api.functions.CoFlatMapFunction;
import io.ringflow.api.functions.CoMapFunction;
import io.ringflow.api.functions.CoProcessFunction;
import io.ringflow.api.functions.KeyedCoProcessFunction;
import io.ringflow.api.functions.FilterFunction;
import io.ringflow.api.functions.Function;
import io.ringflow.api.functions.ProcessAllWindowFunction;
import io.ringflow.api.functions.ProcessWindowFunction;
import io.ringflow.api.functions.WindowFunction;
import io.ringflow.api.functions.FlatMapFunction;
import io.ringflow.api.functions.KeySelector;
import io.ringflow.api.functions.KeyedProcessFunction;
import io.ringflow.api.functions.MapFunction;
import io.ringflow.api.functions.ProcessFunction;
import io.ringflow.api.functions.ReduceFunction;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.api.window.Evictor;
import io.ringflow.api.window.Trigger;
import io.ringflow.api.window.Window;
import io.ringflow.api.window.WindowAssigner;
import io.ringflow.operator.BroadcastProcessOperator;
import io.ringflow.operator.CoFlatMapOperator;
import io.ringflow.operator.IntervalJoinOperator;
import io.ringflow.operator.KeyedBroadcastProcessOperator;
import io.ringflow.operator.CoMapOperator;
import io.ringflow.operator.CoProcessOperator;
import io.ringflow.operator.FilterOperator;
import io.ringflow.operator.KeyedCoProcessOperator;
import io.ringflow.operator.FlatMapOperator;
import io.ringflow.operator.ForwardOperator;
import io.ringflow.operator.KeyedProcessOperator;
import io.ringflow.operator.MapOperator;
import io.ringflow.operator.ProcessOperator;
import io.ringflow.operator.ReduceOperator;
import io.ringflow.operator.SinkOperator;
import io.ringflow.operator.SourceOperator;
import io.ringflow.operator.AggregatingContents;
import io.ringflow.operator.EvictingContents;
import io.ringflow.operator.InternalWindowFunction;
import io.ringflow.operator.WindowContents;
import io.ringflow.operator.WindowOperator;

import static io.ringflow.graph.FunctionCopier.asBuilt;

import java.util.List;

/**
 * The operator factories the API puts into graph nodes: each subtask of each attempt gets its
 * own operator around its own copy of the user's function. Keeps the API free of operators.
 */
public final class Operators {
    private Operators() {
    }

    public static <T> OperatorFactory source(Source<T> source, WatermarkStrategy<T> watermarks) {
        return (subtask, attempt) -> new SourceOperator<>(source, watermarks);
    }

    public static <T> OperatorFactory timestampsAndWatermarks(WatermarkStrategy<T> strategy) {
        var built = asBuilt(strategy, "Timestamps/Watermarks");
        return OperatorFactory.copying((subtask, attempt) -> new io.ringflow.operator.TimestampsAndWatermarksOperator<>(
            built.forSubtask(subtask, attempt)), built);
    }

    public static <T> OperatorFactory sink(Sink<T> sink) {
        if (!(sink instanceof TwoPhaseCommitSink<?, ?>)) {
            return (subtask, attempt) -> new SinkOperator<>(sink);
        }
        // a two-phase-commit sink keeps per-subtask fields: every subtask of every attempt gets a copy of
        // the sink as built, never of one a running subtask has already changed (not even the user's instance)
        Sink<T> asBuilt = FunctionCopier.copy(sink, "Sink");
        return (subtask, attempt) -> new SinkOperator<>(FunctionCopier.copy(asBuilt, "Sink"));
    }

    /** The node of a side output: forwards what the operator before it emitted to the tag. */
    public static OperatorFactory forward() {
        return (subtask, attempt) -> new ForwardOperator<>();
    }

    public static <I, O> OperatorFactory map(MapFunction<I, O> function) {
        var built = asBuilt(function, "Map");
        return OperatorFactory.copying((subtask, attempt) -> new MapOperator<>(built.forSubtask(subtask, attempt)), built);
    }

    /** Flink's async I/O: {@code ordered} or as completed, at most {@code capacity} requests in flight, each for up to {@code timeoutMs}. */
    public static <I, O> OperatorFactory asyncWait(io.ringflow.api.functions.AsyncFunction<I, O> function, Codec<I> inputCodec,
                                                   boolean ordered, long timeoutMs, int capacity,
                                                   io.ringflow.api.functions.AsyncRetryStrategy<O> retryStrategy) {
        var built = asBuilt(function, "Async Wait");
        return OperatorFactory.copying((subtask, attempt) -> new io.ringflow.operator.AsyncWaitOperator<>(
            built.forSubtask(subtask, attempt), inputCodec, ordered, timeoutMs, capacity, retryStrategy), built);
    }

    public static <T> OperatorFactory filter(FilterFunction<T> function) {
        var built = asBuilt(function, "Filter");
        return OperatorFactory.copying((subtask, attempt) -> new FilterOperator<>(built.forSubtask(subtask, attempt)), built);
    }

    public static <I, O> OperatorFactory flatMap(FlatMapFunction<I, O> function) {
        var built = asBuilt(function, "Flat Map");
        return OperatorFactory.copying((subtask, attempt) -> new FlatMapOperator<>(built.forSubtask(subtask, attempt)), built);
    }

    public static <I, O> OperatorFactory process(ProcessFunction<I, O> function) {
        var built = asBuilt(function, "Process");
        return OperatorFactory.copying((subtask, attempt) -> new ProcessOperator<>(built.forSubtask(subtask, attempt)), built);
    }

    /** {@code map}, {@code filter}, {@code flatMap} or {@code process(ProcessFunction)} on a keyed stream: the function may use keyed state. */
    public static <K, I, O> OperatorFactory keyedMap(MapFunction<I, O> function, KeySelector<I, K> keySelector, Codec<K> keyCodec) {
        var built = asBuilt(function, "Map");
        return OperatorFactory.copying((subtask, attempt) -> new MapOperator<>(built.forSubtask(subtask, attempt), keySelector,
            keyCodec), built);
    }

    public static <K, T> OperatorFactory keyedFilter(FilterFunction<T> function, KeySelector<T, K> keySelector, Codec<K> keyCodec) {
        var built = asBuilt(function, "Filter");
        return OperatorFactory.copying((subtask, attempt) -> new FilterOperator<>(built.forSubtask(subtask, attempt), keySelector,
            keyCodec), built);
    }

    public static <K, I, O> OperatorFactory keyedFlatMap(FlatMapFunction<I, O> function, KeySelector<I, K> keySelector,
                                                      Codec<K> keyCodec) {
        var built = asBuilt(function, "Flat Map");
        return OperatorFactory.copying((subtask, attempt) -> new FlatMapOperator<>(built.forSubtask(subtask, attempt), keySelector,
            keyCodec), built);
    }

    public static <K, I, O> OperatorFactory keyedProcess(ProcessFunction<I, O> function, KeySelector<I, K> keySelector,
                                                      Codec<K> keyCodec) {
        var built = asBuilt(function, "Process");
        return OperatorFactory.copying((subtask, attempt) -> new ProcessOperator<>(built.forSubtask(subtask, attempt), keySelector,
            keyCodec), built);
    }

    public static <K, I, O> OperatorFactory keyedProcess(KeyedProcessFunction<K, I, O> function, KeySelector<I, K> keySelector,
                                                         Codec<K> keyCodec) {
        var built = asBuilt(function, "Keyed Process");
        return OperatorFactory.copying((subtask, attempt) -> new KeyedProcessOperator<>(built.forSubtask(subtask, attempt),
            keySelector, keyCodec), built);
    }

    /** Key selectors and codec are null for inputs that are not keyed. */
    public static <K, I1, I2, O> OperatorFactory coMap(CoMapFunction<I1, I2, O> function, KeySelector<I1, K> keySelector1,
                                                       KeySelector<I2, K> keySelector2, Codec<K> keyCodec) {
        var built = asBuilt(function, "Co-Map");
        return OperatorFactory.copying((subtask, attempt) -> new CoMapOperator<>(built.forSubtask(subtask, attempt), keySelector1,
            keySelector2, keyCodec), built);
    }

    public static <K, I1, I2, O> OperatorFactory coFlatMap(CoFlatMapFunction<I1, I2, O> function,
                                                           KeySelector<I1, K> keySelector1, KeySelector<I2, K> keySelector2,
                                                           Codec<K> keyCodec) {
        var built = asBuilt(function, "Co-Flat Map");
        return OperatorFactory.copying((subtask, attempt) -> new CoFlatMapOperator<>(built.forSubtask(subtask, attempt),
            keySelector1, keySelector2, keyCodec), built);
    }

    public static <K, I1, I2, O> OperatorFactory coProcess(CoProcessFunction<I1, I2, O> function,
                                                           KeySelector<I1, K> keySelector1, KeySelector<I2, K> keySelector2,
                                                           Codec<K> keyCodec) {
        var built = asBuilt(function, "Co-Process");
        return OperatorFactory.copying((subtask, attempt) -> new CoProcessOperator<>(built.forSubtask(subtask, attempt),
            keySelector1, keySelector2, keyCodec), built);
    }

    public static <K, I1, I2, O> OperatorFactory keyedCoProcess(KeyedCoProcessFunction<K, I1, I2, O> function,
                                                                KeySelector<I1, K> keySelector1,
                                                                KeySelector<I2, K> keySelector2, Codec<K> keyCodec) {
        var built = asBuilt(function, "Keyed Co-Process");
        return OperatorFactory.copying((subtask, attempt) -> new KeyedCoProcessOperator<>(built.forSubtask(subtask, attempt),
            keySelector1, keySelector2, keyCodec), built);
    }

    public static <I1, I2, O> OperatorFactory broadcastProcess(BroadcastProcessFunction<I1, I2, O> function,
                                                               List<MapStateDescriptor<?, ?>> descriptors) {
        var built = asBuilt(function, "Broadcast Process");
        return OperatorFactory.copying((subtask, attempt) -> new BroadcastProcessOperator<>(built.forSubtask(subtask, attempt),
            descriptors), built);
    }

    public static <K, I1, I2, O> OperatorFactory keyedBroadcastProcess(KeyedBroadcastProcessFunction<K, I1, I2, O> function,
                                                                       KeySelector<I1, K> keySelector, Codec<K> keyCodec,
                                                                       List<MapStateDescriptor<?, ?>> descriptors) {
        var built = asBuilt(function, "Keyed Broadcast Process");
        return OperatorFactory.copying((subtask, attempt) -> new KeyedBroadcastProcessOperator<>(
            built.forSubtask(subtask, attempt), keySelector, keyCodec, descriptors), built);
    }

    /** An interval join with inclusive bounds in milliseconds. */
    public static <K, L, R, O> OperatorFactory intervalJoin(ProcessJoinFunction<L, R, O> function, long lower, long upper,
                                                            KeySelector<L, K> leftKey, KeySelector<R, K> rightKey,
                                                            Codec<K> keyCodec, Codec<L> leftCodec, Codec<R> rightCodec,
                                                            String leftLateTag, String rightLateTag) {
        var built = asBuilt(function, "Interval Join");
        return OperatorFactory.copying((subtask, attempt) -> new IntervalJoinOperator<>(built.forSubtask(subtask, attempt),
            lower, upper, leftKey, rightKey, keyCodec, leftCodec, rightCodec, leftLateTag, rightLateTag), built);
    }

    public static <T, K> OperatorFactory reduce(ReduceFunction<T> reducer, KeySelector<T, K> keySelector, Codec<K> keyCodec,
                                                Codec<T> valueCodec) {
        var built = asBuilt(reducer, "Reduce");
        return OperatorFactory.copying((subtask, attempt) -> new ReduceOperator<>(built.forSubtask(subtask, attempt), keySelector,
            keyCodec, valueCodec), built);
    }

    /**
     * A window operator. {@code function} is null (the aggregate's result is emitted), a
     * {@link WindowFunction}, a {@link ProcessWindowFunction}, an {@link AllWindowFunction} or a {@link ProcessAllWindowFunction};
     * {@code functionGetsAllRecords} when the aggregate's result is the list of the window's records.
     * With an evictor the window keeps its records (in {@code inputCodec}) and aggregates when it fires.
     */
    @SuppressWarnings("unchecked")
    public static <T, K, ACC, R, W extends Window> OperatorFactory window(KeySelector<T, K> keySelector, Codec<K> keyCodec,
                                                                     WindowAssigner<W> assigner, Trigger<?, ?> trigger,
                                                                     long allowedLatenessMs, Evictor<?, ?> evictor,
                                                                     Codec<T> inputCodec,
                                                                     AggregateFunction<T, ACC, R> aggregate,
                                                                     Codec<ACC> accumulatorCodec, Function function,
                                                                     boolean functionGetsAllRecords, String lateDataTag) {
        InternalWindowFunction<R, Object, K, W> windowFunction;
        if (function == null) {
            windowFunction = (InternalWindowFunction<R, Object, K, W>) (Object) InternalWindowFunction.passThrough();
        } else if (function instanceof WindowFunction<?, ?, ?> f) {
            windowFunction = InternalWindowFunction.of((WindowFunction<?, Object, K>) f, functionGetsAllRecords);
        } else if (function instanceof AllWindowFunction<?, ?, ?> f) {
            windowFunction = InternalWindowFunction.ofAll((AllWindowFunction<?, Object, W>) f, functionGetsAllRecords);
        } else if (function instanceof ProcessWindowFunction<?, ?, ?, ?> f) {
            windowFunction = InternalWindowFunction.of((ProcessWindowFunction<?, Object, K, W>) f, functionGetsAllRecords);
        } else {
            windowFunction = InternalWindowFunction.ofAll((ProcessAllWindowFunction<?, Object, W>) function,
                functionGetsAllRecords);
        }
        if (evictor == null) {
            return window(keySelector, keyCodec, assigner, trigger, allowedLatenessMs, new AggregatingContents<>(aggregate),
                accumulatorCodec, windowFunction, lateDataTag);
        }
        return window(keySelector, keyCodec, assigner, trigger, allowedLatenessMs, new EvictingContents<>(aggregate, evictor),
            Codecs.listOf(EvictingContents.recordCodec(inputCodec)), windowFunction, lateDataTag);
    }

    private static <T, K, S, R, W extends Window> OperatorFactory window(KeySelector<T, K> keySelector, Codec<K> keyCodec,
                                                                       WindowAssigner<W> assigner, Trigger<?, ?> trigger,
                                                                       long allowedLatenessMs, WindowContents<T, S, R> contents,
                                                                       Codec<S> contentsCodec,
                                                                       InternalWindowFunction<R, Object, K, W> windowFunction,
                                                                       String lateDataTag) {
        FunctionCopier.Built<Trigger<?, ?>> builtTrigger = asBuilt(trigger, "Window");
        FunctionCopier.Built<WindowContents<T, S, R>> builtContents = asBuilt(contents, "Window");
        FunctionCopier.Built<InternalWindowFunction<R, Object, K, W>> builtFunction = asBuilt(windowFunction, "Window");
        return OperatorFactory.copying((subtask, attempt) -> new WindowOperator<>(keySelector, keyCodec, assigner,
            builtTrigger.forSubtask(subtask, attempt), allowedLatenessMs, builtContents.forSubtask(subtask, attempt),
            contentsCodec, builtFunction.forSubtask(subtask, attempt), lateDataTag), builtTrigger, builtContents, builtFunction);
    }
}
