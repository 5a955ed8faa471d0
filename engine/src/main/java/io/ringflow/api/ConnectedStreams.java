package io.ringflow.api;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.codec.NoCodecException;
import io.ringflow.api.functions.CoFlatMapFunction;
import io.ringflow.api.functions.CoMapFunction;
import io.ringflow.api.functions.CoProcessFunction;
import io.ringflow.api.functions.KeySelector;
import io.ringflow.api.functions.KeyedCoProcessFunction;
import io.ringflow.graph.OperatorFactory;
import io.ringflow.graph.Operators;
import io.ringflow.graph.StreamNode;
import io.ringflow.graph.TypeExtraction;

/**
 * Two streams of possibly different types read by one two-input operator, as Flink's
 * {@code ConnectedStreams} ({@code first.connect(second)}). Its watermark is the least of both
 * inputs' (idle ones aside), its input ends when both ended, and a checkpoint's barrier is awaited
 * on every channel of both. Keyed ({@link #keyBy}, or two keyed streams connected), both inputs
 * are partitioned by key into the same key groups and share each key's state and timers.
 *
 * @param <IN1> records of the first input
 * @param <IN2> records of the second input
 */
public final class ConnectedStreams<IN1, IN2> {
    private final StreamEnvironment env;
    private final DataStream<IN1> first;
    private final DataStream<IN2> second;

    ConnectedStreams(StreamEnvironment env, DataStream<IN1> first, DataStream<IN2> second) {
        this.env = env;
        this.first = first;
        this.second = second;
    }

    public DataStream<IN1> getFirstInput() {
        return first;
    }

    public DataStream<IN2> getSecondInput() {
        return second;
    }

    /** Partitions both inputs by key, each with its own selector; the key type is read from the selectors. */
    @SuppressWarnings("unchecked")
    public <K> ConnectedStreams<IN1, IN2> keyBy(KeySelector<IN1, K> keySelector1, KeySelector<IN2, K> keySelector2) {
        requireSelectors(keySelector1, keySelector2);
        Class<?> type1 = TypeExtraction.typeArgument(keySelector1, KeySelector.class, 1);
        Class<?> type2 = TypeExtraction.typeArgument(keySelector2, KeySelector.class, 1);
        String fix = "; pass the key codec: keyBy(selector1, selector2, Codecs.forClass(KeyType.class))";
        if (type1 != null && type2 != null && type1 != type2) {
            throw new InvalidJobException("the key selectors of connect(...).keyBy give keys of two types, "
                + type1.getName() + " and " + type2.getName() + "; a key must be of one type to find its key group" + fix);
        }
        Class<?> keyType = type1 != null ? type1 : type2;
        if (keyType == null) {
            throw new InvalidJobException("the key type of connect(...).keyBy cannot be inferred" + fix);
        }
        try {
            return keyBy(keySelector1, keySelector2, (Codec<K>) Codecs.forClass(keyType));
        } catch (NoCodecException e) {
            throw new InvalidJobException("keys of connect(...).keyBy are kept in state but have no codec. " + e.problem()
                + fix, e);
        }
    }

    /** {@link #keyBy(KeySelector, KeySelector)} with an explicit codec for the keys. */
    public <K> ConnectedStreams<IN1, IN2> keyBy(KeySelector<IN1, K> keySelector1, KeySelector<IN2, K> keySelector2,
                                                Codec<K> keyCodec) {
        requireSelectors(keySelector1, keySelector2);
        return new ConnectedStreams<>(env, first.keyBy(keySelector1, keyCodec), second.keyBy(keySelector2, keyCodec));
    }

    public <R> SingleOutputStreamOperator<R> map(CoMapFunction<IN1, IN2, R> mapper) {
        Keys<IN1, IN2> keys = keys();
        return transform("Co-Map", TypeExtraction.typeArgument(mapper, CoMapFunction.class, 2), keys,
            Operators.coMap(mapper, keys.selector1(), keys.selector2(), keys.codec()));
    }

    public <R> SingleOutputStreamOperator<R> flatMap(CoFlatMapFunction<IN1, IN2, R> flatMapper) {
        Keys<IN1, IN2> keys = keys();
        return transform("Co-Flat Map", TypeExtraction.typeArgument(flatMapper, CoFlatMapFunction.class, 2), keys,
            Operators.coFlatMap(flatMapper, keys.selector1(), keys.selector2(), keys.codec()));
    }

    /** Runs {@code function} on both inputs; on keyed inputs its runtime context offers keyed state. */
    public <R> SingleOutputStreamOperator<R> process(CoProcessFunction<IN1, IN2, R> function) {
        Keys<IN1, IN2> keys = keys();
        return transform("Co-Process", TypeExtraction.typeArgument(function, CoProcessFunction.class, 2), keys,
            Operators.coProcess(function, keys.selector1(), keys.selector2(), keys.codec()));
    }

    /** Runs {@code function} with each key's state and timers shared by both inputs; the inputs must be keyed. */
    @SuppressWarnings("unchecked")
    public <K, R> SingleOutputStreamOperator<R> process(KeyedCoProcessFunction<K, IN1, IN2, R> function) {
        Keys<IN1, IN2> keys = keys();
        if (keys.codec() == null) {
            throw new InvalidJobException("process(KeyedCoProcessFunction) after connect needs keyed inputs: call "
                + "keyBy(selector1, selector2) on the connected streams, or connect two keyed streams");
        }
        return transform("Keyed Co-Process", TypeExtraction.typeArgument(function, KeyedCoProcessFunction.class, 3), keys,
            Operators.keyedCoProcess((KeyedCoProcessFunction<Object, IN1, IN2, R>) function, keys.selector1(),
                keys.selector2(), keys.codec()));
    }

    private <R> SingleOutputStreamOperator<R> transform(String name, Class<?> outputType, Keys<IN1, IN2> keys,
                                                        OperatorFactory factory) {
        StreamNode node = env.graph().addNode(StreamNode.Kind.OPERATOR, name, factory);
        node.outputType(outputType);
        node.keyed(keys.codec() != null);
        first.connectTo(node, 1);
        second.connectTo(node, 2);
        return new SingleOutputStreamOperator<>(env, node);
    }

    /** The key selectors and codec of both inputs: all null unless both inputs are keyed. */
    private record Keys<IN1, IN2>(KeySelector<IN1, Object> selector1, KeySelector<IN2, Object> selector2,
                                  Codec<Object> codec) {
    }

    @SuppressWarnings("unchecked")
    private Keys<IN1, IN2> keys() {
        if (!(first instanceof KeyedStream<IN1, ?> keyed1) || !(second instanceof KeyedStream<IN2, ?> keyed2)) {
            return new Keys<>(null, null, null);
        }
        Codec<Object> codec = (Codec<Object>) keyed1.keyCodec();
        if (!codec.identity().equals(keyed2.keyCodec().identity())) {
            throw new InvalidJobException("the keyed inputs of connect have keys of two types, " + codec.identity()
                + " and " + keyed2.keyCodec().identity() + "; key both by one type, so that a key's records of both inputs "
                + "go to the same subtask");
        }
        return new Keys<>((KeySelector<IN1, Object>) keyed1.keySelector(), (KeySelector<IN2, Object>) keyed2.keySelector(),
            codec);
    }

    private static void requireSelectors(KeySelector<?, ?> keySelector1, KeySelector<?, ?> keySelector2) {
        if (keySelector1 == null || keySelector2 == null) {
            throw new InvalidJobException("connect(...).keyBy needs a key selector for each input, got "
                + (keySelector1 == null ? "null" : "one") + " and " + (keySelector2 == null ? "null" : "one"));
        }
    }
}
