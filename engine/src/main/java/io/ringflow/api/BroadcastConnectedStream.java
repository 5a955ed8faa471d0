package io.ringflow.api;

import io.ringflow.api.functions.BroadcastProcessFunction;
import io.ringflow.api.functions.KeySelector;
import io.ringflow.api.functions.KeyedBroadcastProcessFunction;
import io.ringflow.graph.OperatorFactory;
import io.ringflow.graph.Operators;
import io.ringflow.graph.StreamNode;
import io.ringflow.graph.TypeExtraction;

/**
 * A stream connected with a broadcast stream, as Flink's {@code BroadcastConnectedStream}: one
 * two-input operator whose every subtask reads its share of the first stream and all of the
 * broadcast one, and keeps the broadcast states in full. As for {@code connect}, its watermark is
 * the least of both inputs' and a checkpoint's barrier is awaited on every channel of both.
 *
 * @param <IN1> records of the non-broadcast stream
 * @param <IN2> records of the broadcast stream
 */
public final class BroadcastConnectedStream<IN1, IN2> {
    private final StreamEnvironment env;
    private final DataStream<IN1> first;
    private final BroadcastStream<IN2> broadcast;

    BroadcastConnectedStream(StreamEnvironment env, DataStream<IN1> first, BroadcastStream<IN2> broadcast) {
        this.env = env;
        this.first = first;
        this.broadcast = broadcast;
    }

    public DataStream<IN1> getFirstInput() {
        return first;
    }

    public BroadcastStream<IN2> getSecondInput() {
        return broadcast;
    }

    /** Runs {@code function} on a non-keyed first stream. */
    public <OUT> SingleOutputStreamOperator<OUT> process(BroadcastProcessFunction<IN1, IN2, OUT> function) {
        if (first instanceof KeyedStream) {
            throw new InvalidJobException("a BroadcastProcessFunction takes a non-keyed stream, but " + first.node.describe()
                + " is keyed; use a KeyedBroadcastProcessFunction, or connect the stream before keyBy");
        }
        return transform("Broadcast Process", TypeExtraction.typeArgument(function, BroadcastProcessFunction.class, 2), false,
            Operators.broadcastProcess(function, broadcast.getBroadcastStateDescriptors()));
    }

    /** Runs {@code function} on a keyed first stream: keyed state and timers on its side. */
    @SuppressWarnings("unchecked")
    public <K, OUT> SingleOutputStreamOperator<OUT> process(KeyedBroadcastProcessFunction<K, IN1, IN2, OUT> function) {
        if (!(first instanceof KeyedStream<IN1, ?> keyed)) {
            throw new InvalidJobException("a KeyedBroadcastProcessFunction takes a keyed stream, but " + first.node.describe()
                + " is not keyed; call keyBy(...) before connect(broadcastStream), or use a BroadcastProcessFunction");
        }
        return transform("Keyed Broadcast Process",
            TypeExtraction.typeArgument(function, KeyedBroadcastProcessFunction.class, 3), true,
            Operators.keyedBroadcastProcess(function, (KeySelector<IN1, K>) keyed.keySelector(),
                (io.ringflow.api.codec.Codec<K>) keyed.keyCodec(), broadcast.getBroadcastStateDescriptors()));
    }

    private <OUT> SingleOutputStreamOperator<OUT> transform(String name, Class<?> outputType, boolean keyed,
                                                            OperatorFactory factory) {
        StreamNode node = env.graph().addNode(StreamNode.Kind.OPERATOR, name, factory);
        node.outputType(outputType);
        node.keyed(keyed);
        first.connectTo(node, 1);
        broadcast.input().connectTo(node, 2);
        return new SingleOutputStreamOperator<>(env, node);
    }
}
