package io.ringflow.api;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.codec.NoCodecException;
import io.ringflow.api.connector.Sink;
import io.ringflow.api.functions.FilterFunction;
import io.ringflow.api.functions.FlatMapFunction;
import io.ringflow.api.functions.KeySelector;
import io.ringflow.api.functions.MapFunction;
import io.ringflow.api.functions.Partitioner;
import io.ringflow.api.functions.ProcessFunction;
import io.ringflow.api.state.MapStateDescriptor;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.api.window.CountEvictor;
import io.ringflow.api.window.CountTrigger;
import io.ringflow.api.window.GlobalWindow;
import io.ringflow.api.window.GlobalWindows;
import io.ringflow.api.window.PurgingTrigger;
import io.ringflow.api.window.Window;
import io.ringflow.api.window.WindowAssigner;
import io.ringflow.connector.PrintSink;
import io.ringflow.graph.CustomPartitioning;
import io.ringflow.graph.OperatorFactory;
import io.ringflow.graph.Operators;
import io.ringflow.graph.Partitioning;
import io.ringflow.graph.StreamEdge;
import io.ringflow.graph.StreamNode;
import io.ringflow.graph.TypeExtraction;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    // the streams of a union, each of one node; null for a stream of one node
    private final List<DataStream<T>> unionOf;
    private boolean forwardRequired;

    DataStream(StreamEnvironment env, StreamNode node) {
        this(env, node, Partitioning.FORWARD, null, null);
    }

    DataStream(StreamEnvironment env, StreamNode node, Partitioning partitioning, KeySelector<T, ?> keySelector,
               List<DataStream<T>> unionOf) {
        this.env = env;
        this.node = node;
        this.partitioning = partitioning;
        this.keySelector = keySelector;
        this.unionOf = unionOf;
    }

    /**
     * Merges this stream with others of the same type, as Flink's {@code union}: the next operator
     * reads every input's rings in one task. Its watermark is the least of its inputs' (idle ones
     * aside) and its input ends when every input ended. A stream cannot be unioned with itself.
     */
    @SafeVarargs
    public final DataStream<T> union(DataStream<T>... others) {
        List<DataStream<T>> parts = new ArrayList<>(parts());
        for (DataStream<T> other : others) {
            if (other == null || other.env != env) {
                throw new InvalidJobException("union takes streams of the same StreamEnvironment, got "
                    + (other == null ? "null" : "a stream of another environment"));
            }
            parts.addAll(other.parts());
        }
        Set<StreamNode> nodes = new HashSet<>();
        for (DataStream<T> part : parts) {
            if (!nodes.add(part.node)) {
                throw new InvalidJobException("a stream cannot be unioned with itself: " + part.node.describe()
                    + " is an input twice");
            }
        }
        return new DataStream<>(env, node, Partitioning.FORWARD, null, List.copyOf(parts));
    }

    /** The streams of one node each that this stream is made of: itself, or a union's inputs under its partitioning. */
    private List<DataStream<T>> parts() {
        if (unionOf == null) {
            return List.of(this);
        }
        if (partitioning == Partitioning.FORWARD) {
            return unionOf;
        }
        List<DataStream<T>> repartitioned = new ArrayList<>();
        for (DataStream<T> part : unionOf) {
            repartitioned.add(new DataStream<>(env, part.node, partitioning, keySelector, null));
        }
        return repartitioned;
    }

    List<DataStream<T>> unionOf() {
        return unionOf;
    }

    /**
     * Connects this stream with one of another type, as Flink's {@code connect}: a two-input
     * operator reads both in one task, each record through its own input's method
     * ({@code map1} or {@code map2}, ...). {@code keyBy} on the result, or connecting two keyed
     * streams, gives both inputs one keyed state and timers.
     */
    public <R> ConnectedStreams<T, R> connect(DataStream<R> other) {
        if (other == null || other.env != env) {
            throw new InvalidJobException("connect takes a stream of the same StreamEnvironment, got "
                + (other == null ? "null" : "a stream of another environment"));
        }
        return new ConnectedStreams<>(env, this, other);
    }

    /**
     * Connects this stream with a broadcast stream, as Flink's {@code connect(BroadcastStream)}:
     * {@code process(BroadcastProcessFunction)} on it, or {@code process(KeyedBroadcastProcessFunction)}
     * when this stream is keyed.
     */
    public <R> BroadcastConnectedStream<T, R> connect(BroadcastStream<R> broadcastStream) {
        if (broadcastStream == null || broadcastStream.environment() != env) {
            throw new InvalidJobException("connect takes a broadcast stream of the same StreamEnvironment, got "
                + (broadcastStream == null ? "null" : "one of another environment"));
        }
        return new BroadcastConnectedStream<>(env, this, broadcastStream);
    }

    /** Sends every record to every subtask of the next operator. */
    public DataStream<T> broadcast() {
        return new DataStream<>(env, node, Partitioning.BROADCAST, null, unionOf);
    }

    /**
     * Sends every record to every subtask of the operator it is connected to, which keeps the
     * broadcast states of {@code descriptors} (each subtask the same, in full), as Flink's
     * {@code broadcast(MapStateDescriptor...)}; use it with {@link #connect(BroadcastStream)}.
     */
    public BroadcastStream<T> broadcast(MapStateDescriptor<?, ?>... descriptors) {
        Map<String, MapStateDescriptor<?, ?>> byName = new LinkedHashMap<>();
        for (MapStateDescriptor<?, ?> descriptor : descriptors) {
            if (descriptor == null) {
                throw new InvalidJobException("broadcast(descriptors) after " + node.describe() + " got a null descriptor");
            }
            if (byName.putIfAbsent(descriptor.getName(), descriptor) != null) {
                throw new InvalidJobException("broadcast(descriptors) after " + node.describe() + " names broadcast state '"
                    + descriptor.getName() + "' twice; give each state its own name");
            }
        }
        return new BroadcastStream<>(env, broadcast(), List.copyOf(byName.values()));
    }

    /**
     * Flink's {@code project}: a stream of tuples made of this tuple stream's fields at
     * {@code fieldIndexes} (any order, repeats allowed), e.g. {@code words.project(1, 0)}.
     */
    public <R extends io.ringflow.api.tuple.Tuple> SingleOutputStreamOperator<R> project(int... fieldIndexes) {
        Class<?> type = node.outputType();
        io.ringflow.api.codec.Codec<?> codec = node.outputCodec();
        boolean tuples = (type != null && io.ringflow.api.tuple.Tuple.class.isAssignableFrom(type))
            || (codec != null && io.ringflow.api.tuple.Tuple.class.isAssignableFrom(codec.type()));
        if (!tuples) {
            throw new InvalidJobException("project(...) after " + node.describe() + " takes a stream of tuples (Tuple1 to "
                + io.ringflow.api.tuple.Tuple.MAX_ARITY + "); its records are " + (type == null ? "of an unknown type" : type.getName()));
        }
        if (fieldIndexes.length < 1 || fieldIndexes.length > io.ringflow.api.tuple.Tuple.MAX_ARITY) {
            throw new InvalidJobException("project(...) after " + node.describe() + " takes 1 to "
                + io.ringflow.api.tuple.Tuple.MAX_ARITY + " field positions, got " + fieldIndexes.length);
        }
        int arity = io.ringflow.api.tuple.Tuple.arityOf(codec != null ? codec.type() : type);
        for (int index : fieldIndexes) {
            if (index < 0 || index >= arity) {
                throw new InvalidJobException("project(...) after " + node.describe() + ": field " + index
                    + " does not exist in a tuple of " + arity + " fields");
            }
        }
        int[] positions = fieldIndexes.clone();
        MapFunction<T, R> projection = tuple -> {
            @SuppressWarnings("unchecked")
            R out = (R) io.ringflow.api.tuple.Tuple.newInstance(positions.length);
            for (int i = 0; i < positions.length; i++) {
                out.setField(((io.ringflow.api.tuple.Tuple) tuple).getField(positions[i]), i);
            }
            return out;
        };
        SingleOutputStreamOperator<R> projected = transform("Projection",
            io.ringflow.api.tuple.Tuple.newInstance(positions.length).getClass(), Operators.map(projection));
        projected.node.outputCodec(io.ringflow.api.codec.Codecs.projected(codec, positions));
        return projected;
    }

    public <R> SingleOutputStreamOperator<R> map(MapFunction<T, R> mapper) {
        return transform("Map", TypeExtraction.typeArgument(mapper, MapFunction.class, 1),
            Operators.map(mapper));
    }

    public SingleOutputStreamOperator<T> filter(FilterFunction<T> filter) {
        SingleOutputStreamOperator<T> filtered = transform("Filter", node.outputType(),
            Operators.filter(filter));
        filtered.node.outputCodec(node.outputCodec());
        return filtered;
    }

    /**
     * Stamps each record with {@code strategy}'s timestamp and emits its watermarks from here on,
     * as Flink's {@code assignTimestampsAndWatermarks}: watermarks from before are dropped (but
     * the end of event time, at the end of input). Prefer giving the strategy to the source
     * ({@code fromSource}), where watermarks follow each reader split as in Flink.
     */
    public SingleOutputStreamOperator<T> assignTimestampsAndWatermarks(WatermarkStrategy<T> strategy) {
        if (strategy == null) {
            throw new InvalidJobException("assignTimestampsAndWatermarks takes a WatermarkStrategy, got null");
        }
        SingleOutputStreamOperator<T> stamped = transform("Timestamps/Watermarks", node.outputType(),
            Operators.timestampsAndWatermarks(strategy));
        stamped.node.outputCodec(node.outputCodec());
        return stamped;
    }

    public <R> SingleOutputStreamOperator<R> flatMap(FlatMapFunction<T, R> flatMapper) {
        return transform("Flat Map", TypeExtraction.typeArgument(flatMapper, FlatMapFunction.class, 1),
            Operators.flatMap(flatMapper));
    }

    public <R> SingleOutputStreamOperator<R> process(ProcessFunction<T, R> function) {
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
        return new KeyedStream<>(env, node, keySelector, keyCodec, unionOf);
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
        return new DataStream<>(env, node, Partitioning.REBALANCE, null, unionOf);
    }

    /** Sends each record to a subtask of the next operator chosen at random, as Flink's {@code shuffle}. */
    public DataStream<T> shuffle() {
        return new DataStream<>(env, node, Partitioning.SHUFFLE, null, unionOf);
    }

    /**
     * Spreads records round-robin over a subset of the next operator's subtasks, as Flink's
     * {@code rescale}: with 2 subtasks here and 4 there, subtask 0 feeds 0 and 1, subtask 1 feeds 2
     * and 3; with 4 here and 2 there, subtasks 0 and 1 feed 0, 2 and 3 feed 1.
     */
    public DataStream<T> rescale() {
        return new DataStream<>(env, node, Partitioning.RESCALE, null, unionOf);
    }

    /** Sends every record to subtask 0 of the next operator, as Flink's {@code global}. */
    public DataStream<T> global() {
        return new DataStream<>(env, node, Partitioning.GLOBAL, null, unionOf);
    }

    /**
     * Sends subtask i's records to subtask i of the next operator (chained when nothing else
     * prevents it), as Flink's {@code forward}: unlike the default, a different parallelism there
     * is refused when the job is built instead of becoming a rebalance.
     */
    public DataStream<T> forward() {
        DataStream<T> forward = new DataStream<>(env, node, Partitioning.FORWARD, null, unionOf);
        forward.forwardRequired = true;
        return forward;
    }

    /**
     * Sends each record to the subtask {@code partitioner} picks for its key, as Flink's
     * {@code partitionCustom}. Unaligned checkpoints hold such records in flight; restored at
     * another parallelism, each goes where the partitioner sends it then.
     */
    public <K> DataStream<T> partitionCustom(Partitioner<K> partitioner, KeySelector<T, K> keySelector) {
        if (partitioner == null || keySelector == null) {
            throw new InvalidJobException("partitionCustom takes a partitioner and a key selector, got "
                + (partitioner == null ? "no partitioner" : "no key selector"));
        }
        return new DataStream<>(env, node, Partitioning.CUSTOM, new CustomPartitioning<>(partitioner, keySelector), unionOf);
    }

    public DataStreamSink<T> sinkTo(Sink<T> sink) {
        StreamNode sinkNode = env.graph().addNode(StreamNode.Kind.SINK, "Sink", Operators.sink(sink));
        sinkNode.commitsAtCheckpoints(sink.commitsAtCheckpoints());
        connectTo(sinkNode);
        return new DataStreamSink<>(env, sinkNode);
    }

    /** A window join with {@code other}, as Flink's: {@code join(other).where(k1).equalTo(k2).window(assigner).apply(fn)}. */
    public <T2> JoinedStreams<T, T2> join(DataStream<T2> other) {
        return new JoinedStreams<>(this, other);
    }

    /** A window coGroup with {@code other}, as Flink's: {@code coGroup(other).where(k1).equalTo(k2).window(assigner).apply(fn)}. */
    public <T2> CoGroupedStreams<T, T2> coGroup(DataStream<T2> other) {
        return new CoGroupedStreams<>(this, other);
    }

    /**
     * Runs the job (as {@code "DataStream Collect"}) and returns its records as they come, as
     * Flink's: exactly once with checkpointing (each record once its checkpoint completed),
     * as written without (a restart then fails the iterator). Closing the iterator cancels the
     * job. The collect sink stays in this environment's graph.
     */
    public CloseableIterator<T> executeAndCollect() {
        return executeAndCollect("DataStream Collect");
    }

    /** {@link #executeAndCollect()} under {@code jobName}. */
    public CloseableIterator<T> executeAndCollect(String jobName) {
        io.ringflow.connector.CollectedResults<T> results = io.ringflow.connector.CollectedResults.create();
        sinkTo(results.sink(env.getCheckpointConfig().isCheckpointingEnabled())).name("Data stream collect sink");
        try {
            results.attach(env.executeAsync(jobName));
        } catch (RuntimeException e) {
            results.close(); // the job never started: nothing will fill them
            throw e;
        }
        return results;
    }

    /** The first {@code limit} records of {@link #executeAndCollect()}; the job is cancelled once they came (or ends first). */
    public List<T> executeAndCollect(int limit) {
        return executeAndCollect("DataStream Collect", limit);
    }

    /** {@link #executeAndCollect(int)} under {@code jobName}. */
    public List<T> executeAndCollect(String jobName, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("executeAndCollect takes a limit of 0 or more records, got " + limit);
        }
        List<T> collected = new ArrayList<>(Math.min(limit, 1 << 16));
        try (CloseableIterator<T> results = executeAndCollect(jobName)) {
            while (collected.size() < limit && results.hasNext()) {
                collected.add(results.next());
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return collected;
    }

    /** Prints every record to standard out, as Flink's: {@code subtask> record} when the sink runs in more than one subtask. */
    public DataStreamSink<T> print() {
        return sinkTo(new PrintSink<>(false, "")).name("Print to Std. Out");
    }

    /** {@link #print()} with every line prefixed by {@code identifier} ({@code identifier:subtask> record}). */
    public DataStreamSink<T> print(String identifier) {
        return sinkTo(new PrintSink<>(false, identifier)).name("Print to Std. Out");
    }

    /** {@link #print()} to standard error. */
    public DataStreamSink<T> printToErr() {
        return sinkTo(new PrintSink<>(true, "")).name("Print to Std. Err");
    }

    public DataStreamSink<T> printToErr(String identifier) {
        return sinkTo(new PrintSink<>(true, identifier)).name("Print to Std. Err");
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
        env.checkParallelism(parallelism, node.describe(), node.maxParallelism());
        if (node.nonParallel() && parallelism != 1) {
            throw new IllegalArgumentException("the parallelism of non-parallel operator " + node.describe() + " must be 1,"
                + " not " + parallelism + " (as in Flink): a windowAll puts every record in one window. To spread"
                + " windows over subtasks, key the stream first: keyBy(...).window(...)");
        }
        node.parallelism(parallelism);
        return this;
    }

    /**
     * The operator's own number of key groups, as Flink's: the most subtasks its keyed state can
     * ever be spread over, and what records are routed to it by. Without it the environment's
     * applies. Keyed state restores only with the max parallelism it was checkpointed with.
     */
    public DataStream<T> setMaxParallelism(int maxParallelism) {
        requireOperator("setMaxParallelism");
        if (node.nonParallel() && maxParallelism != 1) {
            throw new IllegalArgumentException("the max parallelism of non-parallel operator " + node.describe()
                + " must be 1, not " + maxParallelism + " (as in Flink)");
        }
        env.checkMaxParallelism(maxParallelism, node);
        node.maxParallelism(maxParallelism);
        return this;
    }

    /** Runs this operator in a task of its own, as Flink's {@code disableChaining}: rings before and after it. */
    public DataStream<T> disableChaining() {
        requireOperator("disableChaining");
        node.disableChaining();
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
    protected <R> SingleOutputStreamOperator<R> transform(String name, Class<?> outputType, OperatorFactory factory) {
        StreamNode next = env.graph().addNode(StreamNode.Kind.OPERATOR, name, factory);
        next.outputType(outputType);
        connectTo(next);
        return new SingleOutputStreamOperator<>(env, next);
    }

    protected void connectTo(StreamNode target) {
        connectTo(target, 1);
    }

    /** Adds the edges of this stream (one per part of a union) into logical input {@code inputNumber} of {@code target}. */
    void connectTo(StreamNode target, int inputNumber) {
        for (DataStream<T> part : parts()) {
            StreamEdge edge = env.graph().connect(part.node, target, part.partitioning, part.keySelector, inputNumber);
            if (forwardRequired || part.forwardRequired) {
                env.graph().requireForward(edge);
            }
        }
    }

    void requireOperator(String method) {
        if (unionOf != null) {
            throw new InvalidJobException(method + "() applies to an operator, not to a union of " + unionOf.size()
                + " streams; call it on the operator that follows or on each input");
        }
        if (partitioning != Partitioning.FORWARD || forwardRequired) {
            throw new InvalidJobException(method + "() applies to an operator, not to a " + partitioning
                + " partitioning; call it on the operator that follows");
        }
    }

}
