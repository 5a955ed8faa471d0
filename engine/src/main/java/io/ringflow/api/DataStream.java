package io.ringflow.api;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.codec.NoCodecException;
import io.ringflow.api.connector.Sink;
import io.ringflow.api.functions.FilterFunction;
import io.ringflow.api.functions.FlatMapFunction;
import io.ringflow.api.functions.KeySelector;
import io.ringflow.api.functions.MapFunction;
import io.ringflow.api.functions.ProcessFunction;
import io.ringflow.api.window.CountEvictor;
import io.ringflow.api.window.CountTrigger;
import io.ringflow.api.window.GlobalWindow;
import io.ringflow.api.window.GlobalWindows;
import io.ringflow.api.window.PurgingTrigger;
import io.ringflow.api.window.Window;
import io.ringflow.api.window.WindowAssigner;
import io.ringflow.graph.OperatorFactory;
import io.ringflow.graph.Operators;
import io.ringflow.graph.Partitioning;
import io.ringflow.graph.StreamNode;
import io.ringflow.graph.TypeExtraction;


/**
 * A stream of records of type {@code T}, as in Flink. Operators applied to it run in the same
 * task (a method call) unless a repartitioning ({@link #keyBy}, {@link #rebalance}) or a change
 * of parallelism puts a ring between them.
 */
public class DataStream<T> {
    protected final StreamEnvironment env;
    protected final StreamNode node;
    private final Partitioning partitioning;
    private final KeySelector<T, ?> keySelector;

    DataStream(StreamEnvironment env, StreamNode node) {
        this(env, node, Partitioning.FORWARD, null);
    }

    DataStream(StreamEnvironment env, StreamNode node, Partitioning partitioning, KeySelector<T, ?> keySelector) {
        this.env = env;
        this.node = node;
        this.partitioning = partitioning;
        this.keySelector = keySelector;
    }

    public <R> DataStream<R> map(MapFunction<T, R> mapper) {
        return transform("Map", TypeExtraction.typeArgument(mapper, MapFunction.class, 1),
            Operators.map(mapper));
    }

    public DataStream<T> filter(FilterFunction<T> filter) {
        DataStream<T> filtered = transform("Filter", node.outputType(),
            Operators.filter(filter));
        filtered.node.outputCodec(node.outputCodec());
        return filtered;
    }

    public <R> DataStream<R> flatMap(FlatMapFunction<T, R> flatMapper) {
        return transform("Flat Map", TypeExtraction.typeArgument(flatMapper, FlatMapFunction.class, 1),
            Operators.flatMap(flatMapper));
    }

    public <R> DataStream<R> process(ProcessFunction<T, R> function) {
        return transform("Process", TypeExtraction.typeArgument(function, ProcessFunction.class, 1),
            Operators.process(function));
    }

    /** Partitions by key: every record of a key goes to the same subtask, through its key group. */
    @SuppressWarnings("unchecked")
    public <K> KeyedStream<T, K> keyBy(KeySelector<T, K> keySelector) {
        if (keySelector == null) {
            throw new InvalidJobException("keyBy needs a key selector, got null");
        }
        Class<?> keyType = TypeExtraction.typeArgument(keySelector, KeySelector.class, 1);
        String fix = "; pass the key codec: keyBy(selector, Codecs.forClass(KeyType.class))";
        if (keyType == null) {
            throw new InvalidJobException("the key type of keyBy after " + node.describe() + " cannot be inferred" + fix);
        }
        try {
            return keyBy(keySelector, (Codec<K>) Codecs.forClass(keyType));
        } catch (NoCodecException e) {
            throw new InvalidJobException("keys of keyBy after " + node.describe() + " are kept in state but have no codec. "
                + e.problem() + fix, e);
        }
    }

    /** {@link #keyBy(KeySelector)} with an explicit codec for the keys. */
    public <K> KeyedStream<T, K> keyBy(KeySelector<T, K> keySelector, Codec<K> keyCodec) {
        return new KeyedStream<>(env, node, keySelector, keyCodec);
    }

    /** Windows over the whole stream, in one subtask (parallelism 1, as in Flink). */
    public <W extends Window> AllWindowedStream<T, W> windowAll(WindowAssigner<W> assigner) {
        return new AllWindowedStream<>(this, assigner);
    }

    /** Windows of {@code size} records of the whole stream, in one subtask. */
    public AllWindowedStream<T, GlobalWindow> countWindowAll(long size) {
        return windowAll(GlobalWindows.create()).trigger(PurgingTrigger.of(CountTrigger.<GlobalWindow>of(size)));
    }

    /** Every {@code slide} records, a window of the last {@code size} records of the whole stream, in one subtask. */
    public AllWindowedStream<T, GlobalWindow> countWindowAll(long size, long slide) {
        return windowAll(GlobalWindows.create()).evictor(CountEvictor.<GlobalWindow>of(size))
            .trigger(CountTrigger.<GlobalWindow>of(slide));
    }

    /** Spreads records round-robin over the next operator's subtasks. */
    public DataStream<T> rebalance() {
        return new DataStream<>(env, node, Partitioning.REBALANCE, null);
    }

    public DataStreamSink<T> sinkTo(Sink<T> sink) {
        StreamNode sinkNode = env.graph().addNode(StreamNode.Kind.SINK, "Sink", Operators.sink(sink));
        sinkNode.commitsAtCheckpoints(sink.commitsAtCheckpoints());
        connect(sinkNode);
        return new DataStreamSink<>(env, sinkNode);
    }

    /** The stable id of this operator, used to find its state in checkpoints and savepoints. */
    public DataStream<T> uid(String uid) {
        requireOperator("uid");
        env.registerUid(uid, node);
        node.uid(uid);
        return this;
    }

    public DataStream<T> name(String name) {
        requireOperator("name");
        node.name(name);
        return this;
    }

    public DataStream<T> setParallelism(int parallelism) {
        requireOperator("setParallelism");
        env.checkParallelism(parallelism, node.describe());
        node.parallelism(parallelism);
        return this;
    }

    /** Starts a new chain at this operator: a ring separates it from the one before. */
    public DataStream<T> startNewChain() {
        requireOperator("startNewChain");
        node.chainStart(true);
        return this;
    }

    /** The codec for records of this stream, when it cannot be inferred (e.g. a generic lambda). */
    public DataStream<T> returns(Codec<T> codec) {
        requireOperator("returns");
        node.outputCodec(codec);
        node.outputType(codec.type());
        return this;
    }

    /** The record type of this stream, when it cannot be inferred; it must have a built-in codec. */
    public DataStream<T> returns(Class<T> type) {
        requireOperator("returns");
        node.outputType(type);
        return this;
    }

    /** Adds an operator node fed by this stream. */
    protected <R> DataStream<R> transform(String name, Class<?> outputType, OperatorFactory factory) {
        StreamNode next = env.graph().addNode(StreamNode.Kind.OPERATOR, name, factory);
        next.outputType(outputType);
        connect(next);
        return new DataStream<>(env, next);
    }

    protected void connect(StreamNode target) {
        env.graph().connect(node, target, partitioning, keySelector);
    }

    private void requireOperator(String method) {
        if (partitioning != Partitioning.FORWARD) {
            throw new InvalidJobException(method + "() applies to an operator, not to a " + partitioning
                + " partitioning; call it on the operator that follows");
        }
    }

}
