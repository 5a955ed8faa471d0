package io.ringflow.api;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.codec.NoCodecException;
import io.ringflow.api.functions.AggregateFunction;
import io.ringflow.api.functions.Function;
import io.ringflow.api.functions.ProcessWindowFunction;
import io.ringflow.api.functions.ReduceFunction;
import io.ringflow.api.functions.WindowFunction;
import io.ringflow.api.window.Evictor;
import io.ringflow.api.window.MergingWindowAssigner;
import io.ringflow.api.window.TimeWindow;
import io.ringflow.api.window.Trigger;
import io.ringflow.api.window.Window;
import io.ringflow.api.window.WindowAssigner;
import io.ringflow.graph.Operators;
import io.ringflow.graph.StreamNode;
import io.ringflow.graph.TypeExtraction;

import java.time.Duration;


/**
 * A keyed stream cut into windows, as Flink's {@code WindowedStream}. Records are aggregated
 * incrementally as they arrive ({@code reduce}, {@code aggregate}) or kept whole
 * ({@code process}, or any function with an evictor); the window's trigger decides when its
 * result is emitted (by default: when the watermark, or the clock for processing-time windows,
 * passes the window's end). Records later than the window's end plus the allowed lateness are
 * dropped and counted.
 *
 * @param <T> records
 * @param <K> key
 * @param <W> windows
 */
public final class WindowedStream<T, K, W extends Window> {
    private final KeyedStream<T, K> input;
    private final WindowAssigner<W> assigner;
    private Trigger<?, ?> trigger;
    private Evictor<?, ?> evictor;
    private long allowedLatenessMs;
    private String lateDataTag;

    WindowedStream(KeyedStream<T, K> input, WindowAssigner<W> assigner) {
        this.input = input;
        this.assigner = assigner;
        this.trigger = assigner.getDefaultTrigger();
    }

    /** Keeps event-time windows open this long after their end; late records update and re-fire them. */
    public WindowedStream<T, K, W> allowedLateness(Duration lateness) {
        if (lateness.isNegative()) {
            throw new InvalidJobException("allowed lateness must be >= 0, got " + lateness);
        }
        this.allowedLatenessMs = lateness.toMillis();
        return this;
    }

    /**
     * Sends records too late for every window (past the allowed lateness) to the side output
     * {@code tag} instead of dropping them; read it with {@code getSideOutput(tag)} on the result.
     */
    public WindowedStream<T, K, W> sideOutputLateData(OutputTag<T> tag) {
        if (tag == null) {
            throw new InvalidJobException("sideOutputLateData needs an OutputTag, got null");
        }
        this.lateDataTag = tag.getId();
        return this;
    }

    /** Replaces the assigner's default trigger. */
    public WindowedStream<T, K, W> trigger(Trigger<? super T, ? super W> trigger) {
        if (assigner instanceof MergingWindowAssigner && !trigger.canMerge()) {
            throw new InvalidJobException("session windows need a trigger that can merge; " + trigger
                + " cannot (canMerge() is false)");
        }
        this.trigger = trigger;
        return this;
    }

    /** Removes records from a window before (or after) its function; the window then keeps all its records. */
    public WindowedStream<T, K, W> evictor(Evictor<? super T, ? super W> evictor) {
        this.evictor = evictor;
        return this;
    }

    /** Emits each window's records reduced to one. */
    public SingleOutputStreamOperator<T> reduce(ReduceFunction<T> reducer) {
        SingleOutputStreamOperator<T> reduced = build(new WindowReduceAggregate<>(reducer), inputCodec(), null, false,
            input.node.outputType());
        reduced.node.outputCodec(input.node.outputCodec());
        return reduced;
    }

    /** Each window's sum of the record component {@code field}, the other components of its first record, as Flink's. */
    public SingleOutputStreamOperator<T> sum(String field) {
        return reduce(byName(field, ComponentAggregator.Kind.SUM));
    }

    public SingleOutputStreamOperator<T> sum(int position) {
        return reduce(byPosition(position, ComponentAggregator.Kind.SUM));
    }

    /** Each window's minimum of {@code field}, the other components of its first record, as Flink's. */
    public SingleOutputStreamOperator<T> min(String field) {
        return reduce(byName(field, ComponentAggregator.Kind.MIN));
    }

    public SingleOutputStreamOperator<T> min(int position) {
        return reduce(byPosition(position, ComponentAggregator.Kind.MIN));
    }

    /** Each window's maximum of {@code field}, the other components of its first record, as Flink's. */
    public SingleOutputStreamOperator<T> max(String field) {
        return reduce(byName(field, ComponentAggregator.Kind.MAX));
    }

    public SingleOutputStreamOperator<T> max(int position) {
        return reduce(byPosition(position, ComponentAggregator.Kind.MAX));
    }

    /** Each window's record with the least {@code field} (the first of equals), as Flink's. */
    public SingleOutputStreamOperator<T> minBy(String field) {
        return reduce(byName(field, ComponentAggregator.Kind.MIN_BY));
    }

    public SingleOutputStreamOperator<T> minBy(int position) {
        return reduce(byPosition(position, ComponentAggregator.Kind.MIN_BY));
    }

    /** Each window's record with the greatest {@code field} (the first of equals), as Flink's. */
    public SingleOutputStreamOperator<T> maxBy(String field) {
        return reduce(byName(field, ComponentAggregator.Kind.MAX_BY));
    }

    public SingleOutputStreamOperator<T> maxBy(int position) {
        return reduce(byPosition(position, ComponentAggregator.Kind.MAX_BY));
    }

    private ComponentAggregator<T> byName(String field, ComponentAggregator.Kind kind) {
        return ComponentAggregator.byName(input.node.outputType(), field, kind, input.node.describe());
    }

    private ComponentAggregator<T> byPosition(int position, ComponentAggregator.Kind kind) {
        return ComponentAggregator.byPosition(input.node.outputType(), position, kind, input.node.describe());
    }

    /** Emits what {@code windowFunction} makes of each window's reduced record. */
    public <R> SingleOutputStreamOperator<R> reduce(ReduceFunction<T> reducer, WindowFunction<T, R, K> windowFunction) {
        requireTimeWindows("WindowFunction");
        return build(new WindowReduceAggregate<>(reducer), inputCodec(), windowFunction, false,
            TypeExtraction.typeArgument(windowFunction, WindowFunction.class, 1));
    }

    /** Emits what {@code windowFunction} makes of each window's reduced record. */
    public <R> SingleOutputStreamOperator<R> reduce(ReduceFunction<T> reducer, ProcessWindowFunction<T, R, K, W> windowFunction) {
        return build(new WindowReduceAggregate<>(reducer), inputCodec(), windowFunction, false,
            TypeExtraction.typeArgument(windowFunction, ProcessWindowFunction.class, 1));
    }

    /** Emits the aggregate's result of each window. */
    public <ACC, R> SingleOutputStreamOperator<R> aggregate(AggregateFunction<T, ACC, R> aggregate) {
        return build(aggregate, accumulatorCodec(aggregate), null, false,
            TypeExtraction.typeArgument(aggregate, AggregateFunction.class, 2));
    }

    /** Emits what {@code windowFunction} makes of each window's aggregate, with its key and window. */
    public <ACC, R, OUT> SingleOutputStreamOperator<OUT> aggregate(AggregateFunction<T, ACC, R> aggregate,
                                                   WindowFunction<R, OUT, K> windowFunction) {
        return aggregate(aggregate, accumulatorCodec(aggregate), windowFunction);
    }

    /** As {@link #aggregate(AggregateFunction, WindowFunction)} with an explicit accumulator codec. */
    public <ACC, R, OUT> SingleOutputStreamOperator<OUT> aggregate(AggregateFunction<T, ACC, R> aggregate, Codec<ACC> accumulatorCodec,
                                                   WindowFunction<R, OUT, K> windowFunction) {
        requireTimeWindows("WindowFunction");
        return build(aggregate, accumulatorCodec, windowFunction, false,
            TypeExtraction.typeArgument(windowFunction, WindowFunction.class, 1));
    }

    /** Emits what {@code windowFunction} makes of each window's aggregate, with its key, window and time. */
    public <ACC, R, OUT> SingleOutputStreamOperator<OUT> aggregate(AggregateFunction<T, ACC, R> aggregate,
                                                   ProcessWindowFunction<R, OUT, K, W> windowFunction) {
        return aggregate(aggregate, accumulatorCodec(aggregate), windowFunction);
    }

    /** As {@link #aggregate(AggregateFunction, ProcessWindowFunction)} with an explicit accumulator codec. */
    public <ACC, R, OUT> SingleOutputStreamOperator<OUT> aggregate(AggregateFunction<T, ACC, R> aggregate, Codec<ACC> accumulatorCodec,
                                                   ProcessWindowFunction<R, OUT, K, W> windowFunction) {
        return build(aggregate, accumulatorCodec, windowFunction, false,
            TypeExtraction.typeArgument(windowFunction, ProcessWindowFunction.class, 1));
    }

    /** Gives {@code windowFunction} every record of each fired window (kept in keyed state until then). */
    public <R> SingleOutputStreamOperator<R> process(ProcessWindowFunction<T, R, K, W> windowFunction) {
        return build(new WindowListAggregate<>(), Codecs.listOf(inputCodec()), windowFunction, true,
            TypeExtraction.typeArgument(windowFunction, ProcessWindowFunction.class, 1));
    }

    /**
     * Flink's legacy {@code apply}: gives {@code windowFunction} every record of each fired window
     * (kept in keyed state until then); time windows only, as a {@link WindowFunction} takes a {@link TimeWindow}.
     */
    public <R> SingleOutputStreamOperator<R> apply(WindowFunction<T, R, K> windowFunction) {
        requireTimeWindows("WindowFunction");
        return build(new WindowListAggregate<>(), Codecs.listOf(inputCodec()), windowFunction, true,
            TypeExtraction.typeArgument(windowFunction, WindowFunction.class, 1));
    }

    /** The window operator; {@code function} is null, a window function of any kind; see {@link Operators#window}. */
    <ACC, R, OUT> SingleOutputStreamOperator<OUT> build(AggregateFunction<T, ACC, R> aggregate, Codec<ACC> accumulatorCodec,
                                        Function function, boolean functionGetsAllRecords, Class<?> outputType) {
        Codec<T> inputCodec = evictor == null ? null : inputCodec();
        return input.keyedTransform("Window(" + assigner.getClass().getSimpleName() + ")", outputType,
            Operators.window(input.keySelector(), input.keyCodec(), assigner, trigger, allowedLatenessMs, evictor,
                inputCodec, aggregate, evictor == null ? accumulatorCodec : null, function, functionGetsAllRecords, lateDataTag));
    }

    StreamNode inputNode() {
        return input.node;
    }

    private Codec<T> inputCodec() {
        return KeyedStream.codecOf(input.node);
    }

    private void requireTimeWindows(String function) {
        Class<?> windowType = assigner.getWindowCodec().type();
        if (windowType != TimeWindow.class) {
            throw new InvalidJobException("a " + function + " takes a TimeWindow, but " + assigner.getClass().getSimpleName()
                + " makes " + windowType.getSimpleName() + "s; use a ProcessWindowFunction");
        }
    }

    /** Null with an evictor: the window then keeps records, not an accumulator. */
    @SuppressWarnings("unchecked")
    <ACC> Codec<ACC> accumulatorCodec(AggregateFunction<?, ACC, ?> aggregate) {
        if (evictor != null) {
            return null;
        }
        Class<?> type = TypeExtraction.typeArgument(aggregate, AggregateFunction.class, 1);
        if (type == null) {
            throw new InvalidJobException("the accumulator type of " + aggregate.getClass().getName()
                + " cannot be inferred; pass its codec: aggregate(function, accumulatorCodec, windowFunction)");
        }
        try {
            return (Codec<ACC>) Codecs.forClass(type);
        } catch (NoCodecException e) {
            throw new InvalidJobException("the accumulator of window aggregate " + aggregate.getClass().getName()
                + " is kept in keyed state but has no codec. " + e.problem()
                + "; pass one: aggregate(function, accumulatorCodec, windowFunction)", e);
        }
    }
}
