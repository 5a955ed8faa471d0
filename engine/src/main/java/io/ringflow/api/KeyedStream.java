package io.ringflow.api;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.functions.KeyedProcessFunction;
import io.ringflow.api.functions.KeySelector;
import io.ringflow.api.functions.ReduceFunction;
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

    KeyedStream(StreamEnvironment env, StreamNode upstream, KeySelector<T, K> keySelector, Codec<K> keyCodec,
                java.util.List<DataStream<T>> unionOf) {
        super(env, upstream, Partitioning.HASH, keySelector, unionOf);
        this.keySelector = keySelector;
        this.keyCodec = keyCodec;
    }

    public <R> SingleOutputStreamOperator<R> process(KeyedProcessFunction<K, T, R> function) {
        return keyedTransform("Keyed Process", TypeExtraction.typeArgument(function, KeyedProcessFunction.class, 2),
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

    /** Groups each key's records into windows; finish with {@code aggregate(...)}. */
    public WindowedStream<T, K> window(WindowAssigner assigner) {
        return new WindowedStream<>(this, assigner);
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
