package io.ringflow.graph;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.connector.Sink;
import io.ringflow.api.connector.Source;
import io.ringflow.api.functions.AggregateFunction;
import io.ringflow.api.functions.FilterFunction;
import io.ringflow.api.functions.FlatMapFunction;
import io.ringflow.api.functions.KeySelector;
import io.ringflow.api.functions.KeyedProcessFunction;
import io.ringflow.api.functions.MapFunction;
import io.ringflow.api.functions.ProcessFunction;
import io.ringflow.api.functions.ReduceFunction;
import io.ringflow.api.functions.WindowFunction;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.api.window.WindowAssigner;
import io.ringflow.operator.FilterOperator;
import io.ringflow.operator.FlatMapOperator;
import io.ringflow.operator.ForwardOperator;
import io.ringflow.operator.KeyedProcessOperator;
import io.ringflow.operator.MapOperator;
import io.ringflow.operator.ProcessOperator;
import io.ringflow.operator.ReduceOperator;
import io.ringflow.operator.SinkOperator;
import io.ringflow.operator.SourceOperator;
import io.ringflow.operator.WindowOperator;

import static io.ringflow.graph.FunctionCopier.copyFor;

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

    public static <T> OperatorFactory sink(Sink<T> sink) {
        return (subtask, attempt) -> new SinkOperator<>(sink);
    }

    /** The node of a side output: forwards what the operator before it emitted to the tag. */
    public static OperatorFactory forward() {
        return (subtask, attempt) -> new ForwardOperator<>();
    }

    public static <I, O> OperatorFactory map(MapFunction<I, O> function) {
        return (subtask, attempt) -> new MapOperator<>(copyFor(function, subtask, attempt, "Map"));
    }

    public static <T> OperatorFactory filter(FilterFunction<T> function) {
        return (subtask, attempt) -> new FilterOperator<>(copyFor(function, subtask, attempt, "Filter"));
    }

    public static <I, O> OperatorFactory flatMap(FlatMapFunction<I, O> function) {
        return (subtask, attempt) -> new FlatMapOperator<>(copyFor(function, subtask, attempt, "Flat Map"));
    }

    public static <I, O> OperatorFactory process(ProcessFunction<I, O> function) {
        return (subtask, attempt) -> new ProcessOperator<>(copyFor(function, subtask, attempt, "Process"));
    }

    public static <K, I, O> OperatorFactory keyedProcess(KeyedProcessFunction<K, I, O> function, KeySelector<I, K> keySelector,
                                                         Codec<K> keyCodec) {
        return (subtask, attempt) -> new KeyedProcessOperator<>(copyFor(function, subtask, attempt, "Keyed Process"),
            keySelector, keyCodec);
    }

    public static <T, K> OperatorFactory reduce(ReduceFunction<T> reducer, KeySelector<T, K> keySelector, Codec<K> keyCodec,
                                                Codec<T> valueCodec) {
        return (subtask, attempt) -> new ReduceOperator<>(copyFor(reducer, subtask, attempt, "Reduce"), keySelector,
            keyCodec, valueCodec);
    }

    public static <T, K, ACC, R, O> OperatorFactory window(KeySelector<T, K> keySelector, Codec<K> keyCodec,
                                                           WindowAssigner assigner, long allowedLatenessMs,
                                                           AggregateFunction<T, ACC, R> aggregate, Codec<ACC> accumulatorCodec,
                                                           WindowFunction<R, O, K> windowFunction) {
        return (subtask, attempt) -> new WindowOperator<>(keySelector, keyCodec, assigner, allowedLatenessMs,
            copyFor(aggregate, subtask, attempt, "Window"), accumulatorCodec, copyFor(windowFunction, subtask, attempt, "Window"));
    }
}
