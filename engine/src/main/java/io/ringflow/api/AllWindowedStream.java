package io.ringflow.api;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.AggregateFunction;
import io.ringflow.api.functions.AllWindowFunction;
import io.ringflow.api.functions.KeySelector;
import io.ringflow.api.functions.ProcessAllWindowFunction;
import io.ringflow.api.functions.ReduceFunction;
import io.ringflow.api.window.Evictor;
import io.ringflow.api.window.Trigger;
import io.ringflow.api.window.Window;
import io.ringflow.api.window.WindowAssigner;
import io.ringflow.graph.TypeExtraction;

import java.time.Duration;

/**
 * A non-keyed stream cut into windows ({@code windowAll}), as Flink's {@code AllWindowedStream}:
 * every record is keyed by one constant, so the window operator runs with parallelism 1.
 *
 * @param <T> records
 * @param <W> windows
 */
public final class AllWindowedStream<T, W extends Window> {
    private final WindowedStream<T, Byte, W> windowed;

    AllWindowedStream(DataStream<T> input, WindowAssigner<W> assigner) {
        this.windowed = input.keyBy(new NullByteKeySelector<>(), Codecs.BYTE).window(assigner);
    }

    public AllWindowedStream<T, W> allowedLateness(Duration lateness) {
        windowed.allowedLateness(lateness);
        return this;
    }

    public AllWindowedStream<T, W> trigger(Trigger<? super T, ? super W> trigger) {
        windowed.trigger(trigger);
        return this;
    }

    public AllWindowedStream<T, W> evictor(Evictor<? super T, ? super W> evictor) {
        windowed.evictor(evictor);
        return this;
    }

    /** Sends records too late for every window to the side output {@code tag}, as Flink's; read it with {@code getSideOutput(tag)}. */
    public AllWindowedStream<T, W> sideOutputLateData(OutputTag<T> tag) {
        windowed.sideOutputLateData(tag);
        return this;
    }

    public SingleOutputStreamOperator<T> reduce(ReduceFunction<T> reducer) {
        return nonParallel(windowed.reduce(reducer));
    }

    /** Each window's sum of the record component {@code field}, the other components of its first record, as Flink's. */
    public SingleOutputStreamOperator<T> sum(String field) {
        return nonParallel(windowed.sum(field));
    }

    public SingleOutputStreamOperator<T> sum(int position) {
        return nonParallel(windowed.sum(position));
    }

    public SingleOutputStreamOperator<T> min(String field) {
        return nonParallel(windowed.min(field));
    }

    public SingleOutputStreamOperator<T> min(int position) {
        return nonParallel(windowed.min(position));
    }

    public SingleOutputStreamOperator<T> max(String field) {
        return nonParallel(windowed.max(field));
    }

    public SingleOutputStreamOperator<T> max(int position) {
        return nonParallel(windowed.max(position));
    }

    public SingleOutputStreamOperator<T> minBy(String field) {
        return nonParallel(windowed.minBy(field));
    }

    public SingleOutputStreamOperator<T> minBy(int position) {
        return nonParallel(windowed.minBy(position));
    }

    public SingleOutputStreamOperator<T> maxBy(String field) {
        return nonParallel(windowed.maxBy(field));
    }

    public SingleOutputStreamOperator<T> maxBy(int position) {
        return nonParallel(windowed.maxBy(position));
    }

    /** Emits what {@code function} makes of each window's reduced record, as Flink's legacy form. */
    public <R> SingleOutputStreamOperator<R> reduce(ReduceFunction<T> reducer, AllWindowFunction<T, R, W> function) {
        return nonParallel(windowed.build(new WindowReduceAggregate<>(reducer), KeyedStream.codecOf(windowed.inputNode()),
            function, false, TypeExtraction.typeArgument(function, AllWindowFunction.class, 1)));
    }

    public <R> SingleOutputStreamOperator<R> reduce(ReduceFunction<T> reducer, ProcessAllWindowFunction<T, R, W> function) {
        return nonParallel(windowed.build(new WindowReduceAggregate<>(reducer), KeyedStream.codecOf(windowed.inputNode()),
            function, false, TypeExtraction.typeArgument(function, ProcessAllWindowFunction.class, 1)));
    }

    public <ACC, R> SingleOutputStreamOperator<R> aggregate(AggregateFunction<T, ACC, R> aggregate) {
        return nonParallel(windowed.aggregate(aggregate));
    }

    public <ACC, R, OUT> SingleOutputStreamOperator<OUT> aggregate(AggregateFunction<T, ACC, R> aggregate, Codec<ACC> accumulatorCodec,
                                                   ProcessAllWindowFunction<R, OUT, W> function) {
        return nonParallel(windowed.build(aggregate, accumulatorCodec, function, false,
            TypeExtraction.typeArgument(function, ProcessAllWindowFunction.class, 1)));
    }

    public <ACC, R, OUT> SingleOutputStreamOperator<OUT> aggregate(AggregateFunction<T, ACC, R> aggregate,
                                                   ProcessAllWindowFunction<R, OUT, W> function) {
        return nonParallel(windowed.build(aggregate, windowed.accumulatorCodec(aggregate), function, false,
            TypeExtraction.typeArgument(function, ProcessAllWindowFunction.class, 1)));
    }

    /** Gives {@code function} every record of each fired window. */
    public <R> SingleOutputStreamOperator<R> process(ProcessAllWindowFunction<T, R, W> function) {
        return nonParallel(windowed.build(new WindowListAggregate<>(), Codecs.listOf(KeyedStream.<T>codecOf(windowed.inputNode())),
            function, true, TypeExtraction.typeArgument(function, ProcessAllWindowFunction.class, 1)));
    }

    /** Flink's legacy {@code apply}: gives {@code function} every record of each fired window. */
    public <R> SingleOutputStreamOperator<R> apply(AllWindowFunction<T, R, W> function) {
        return nonParallel(windowed.build(new WindowListAggregate<>(), Codecs.listOf(KeyedStream.<T>codecOf(windowed.inputNode())),
            function, true, TypeExtraction.typeArgument(function, AllWindowFunction.class, 1)));
    }

    private static <R> SingleOutputStreamOperator<R> nonParallel(SingleOutputStreamOperator<R> stream) {
        stream.node.markNonParallel();
        return stream;
    }

    /** Keys every record by the same byte, as Flink's {@code NullByteKeySelector}. */
    private static final class NullByteKeySelector<T> implements KeySelector<T, Byte> {
        private static final long serialVersionUID = 1L;

        @Override
        public Byte getKey(T value) {
            return 0;
        }
    }
}
