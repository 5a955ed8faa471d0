package io.ringflow.api;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.functions.KeyedProcessFunction;
import io.ringflow.api.functions.KeySelector;
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

    KeyedStream(StreamEnvironment env, StreamNode upstream, KeySelector<T, K> keySelector, Codec<K> keyCodec) {
        super(env, upstream, Partitioning.HASH, keySelector);
        this.keySelector = keySelector;
        this.keyCodec = keyCodec;
    }

    public <R> DataStream<R> process(KeyedProcessFunction<K, T, R> function) {
        return keyedTransform("Keyed Process", TypeExtraction.typeArgument(function, KeyedProcessFunction.class, 2),
            Operators.keyedProcess(function, keySelector, keyCodec));
    }

    /** A rolling reduce: emits the reduced value of the record's key after every record. */
    public DataStream<T> reduce(ReduceFunction<T> reducer) {
        StreamNode input = node;
        DataStream<T> reduced = keyedTransform("Reduce", node.outputType(),
            Operators.reduce(reducer, keySelector, keyCodec, codecOf(input)));
        reduced.node.outputCodec(node.outputCodec());
        return reduced;
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

    <R> DataStream<R> keyedTransform(String name, Class<?> outputType, OperatorFactory factory) {
        DataStream<R> stream = transform(name, outputType, factory);
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
