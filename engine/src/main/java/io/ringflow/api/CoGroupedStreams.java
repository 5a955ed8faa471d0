package io.ringflow.api;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.functions.CoGroupFunction;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.KeySelector;
import io.ringflow.api.functions.MapFunction;
import io.ringflow.api.functions.OpenContext;
import io.ringflow.api.functions.ProcessWindowFunction;
import io.ringflow.api.functions.RichFunction;
import io.ringflow.api.window.Evictor;
import io.ringflow.api.window.Trigger;
import io.ringflow.api.window.Window;
import io.ringflow.api.window.WindowAssigner;
import io.ringflow.graph.ExecutionPlan;
import io.ringflow.graph.TypeExtraction;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code first.coGroup(second).where(key1).equalTo(key2).window(assigner).apply(function)}, as
 * Flink's: per key and window, the records of both streams go to a {@link CoGroupFunction} when
 * the window fires. Built as Flink builds it: each record tagged with its side
 * ({@link TaggedUnion}, one byte before the side's own encoding), the two tagged streams
 * unioned, keyed, windowed, and each fired window split back into its two sides. The window
 * keeps the records in keyed state, so a checkpoint and a rescale carry them as any window's.
 */
public final class CoGroupedStreams<T1, T2> {
    private final DataStream<T1> first;
    private final DataStream<T2> second;

    CoGroupedStreams(DataStream<T1> first, DataStream<T2> second) {
        if (second == null || second.env != first.env) {
            throw new InvalidJobException("coGroup and join take a stream of the same StreamEnvironment, got "
                + (second == null ? "null" : "one of another environment"));
        }
        this.first = first;
        this.second = second;
    }

    /** The key of the first stream's records; its type must be that of the second's. */
    public <KEY> Where<KEY> where(KeySelector<T1, KEY> keySelector) {
        Class<?> keyType = keySelector == null ? null : TypeExtraction.typeArgument(keySelector, KeySelector.class, 1);
        if (keyType == null) {
            throw new InvalidJobException("the key type of where(...) cannot be inferred (a generic lambda?); pass the key codec:"
                + " where(selector, Codecs.forClass(KeyType.class))");
        }
        @SuppressWarnings("unchecked")
        Codec<KEY> keyCodec = (Codec<KEY>) io.ringflow.api.codec.Codecs.forClass(keyType);
        return where(keySelector, keyCodec);
    }

    /** {@link #where(KeySelector)} with the key codec given. */
    public <KEY> Where<KEY> where(KeySelector<T1, KEY> keySelector, Codec<KEY> keyCodec) {
        if (keySelector == null || keyCodec == null) {
            throw new InvalidJobException("where takes a key selector and a key codec, got " + keySelector + " and " + keyCodec);
        }
        return new Where<>(keySelector, keyCodec);
    }

    /** Waiting for the second stream's key. */
    public final class Where<KEY> {
        private final KeySelector<T1, KEY> firstKey;
        private final Codec<KEY> keyCodec;

        Where(KeySelector<T1, KEY> firstKey, Codec<KEY> keyCodec) {
            this.firstKey = firstKey;
            this.keyCodec = keyCodec;
        }

        public EqualTo equalTo(KeySelector<T2, KEY> secondKey) {
            if (secondKey == null) {
                throw new InvalidJobException("equalTo takes a key selector, got null");
            }
            return new EqualTo(secondKey);
        }

        /** Waiting for the windows. */
        public final class EqualTo {
            private final KeySelector<T2, KEY> secondKey;

            EqualTo(KeySelector<T2, KEY> secondKey) {
                this.secondKey = secondKey;
            }

            public <W extends Window> WithWindow<T1, T2, KEY, W> window(WindowAssigner<W> assigner) {
                if (assigner == null) {
                    throw new InvalidJobException("window takes a window assigner, got null");
                }
                return new WithWindow<>(first, second, firstKey, secondKey, keyCodec, assigner);
            }
        }
    }

    /** Keys and windows given: a trigger, an evictor and an allowed lateness may follow, then {@code apply}. */
    public static final class WithWindow<T1, T2, KEY, W extends Window> {
        private final DataStream<T1> first;
        private final DataStream<T2> second;
        private final KeySelector<T1, KEY> firstKey;
        private final KeySelector<T2, KEY> secondKey;
        private final Codec<KEY> keyCodec;
        private final WindowAssigner<W> assigner;
        private Trigger<? super TaggedUnion<T1, T2>, ? super W> trigger;
        private Evictor<? super TaggedUnion<T1, T2>, ? super W> evictor;
        private Duration allowedLateness;

        WithWindow(DataStream<T1> first, DataStream<T2> second, KeySelector<T1, KEY> firstKey, KeySelector<T2, KEY> secondKey,
                   Codec<KEY> keyCodec, WindowAssigner<W> assigner) {
            this.first = first;
            this.second = second;
            this.firstKey = firstKey;
            this.secondKey = secondKey;
            this.keyCodec = keyCodec;
            this.assigner = assigner;
        }

        public WithWindow<T1, T2, KEY, W> trigger(Trigger<? super TaggedUnion<T1, T2>, ? super W> trigger) {
            this.trigger = trigger;
            return this;
        }

        public WithWindow<T1, T2, KEY, W> evictor(Evictor<? super TaggedUnion<T1, T2>, ? super W> evictor) {
            this.evictor = evictor;
            return this;
        }

        public WithWindow<T1, T2, KEY, W> allowedLateness(Duration lateness) {
            this.allowedLateness = lateness;
            return this;
        }

        /** Calls {@code function} with both sides of each key's fired window. */
        public <T> SingleOutputStreamOperator<T> apply(CoGroupFunction<T1, T2, T> function) {
            if (function == null) {
                throw new InvalidJobException("apply takes a function, got null");
            }
            return apply(function, function, TypeExtraction.typeArgument(function, CoGroupFunction.class, 2));
        }

        /** {@code userFunction}: the function given, whose life cycle the window's runs if it is rich. */
        <T> SingleOutputStreamOperator<T> apply(CoGroupFunction<T1, T2, T> function, Object userFunction, Class<?> outputType) {
            @SuppressWarnings("unchecked")
            Codec<T1> firstCodec = (Codec<T1>) ExecutionPlan.codecOfNode(first.node);
            @SuppressWarnings("unchecked")
            Codec<T2> secondCodec = (Codec<T2>) ExecutionPlan.codecOfNode(second.node);
            TaggedUnionCodec<T1, T2> unionCodec = new TaggedUnionCodec<>(firstCodec, secondCodec);
            DataStream<TaggedUnion<T1, T2>> taggedFirst = first.map((MapFunction<T1, TaggedUnion<T1, T2>>) TaggedUnion::one)
                .returns(unionCodec).name("Tag first");
            DataStream<TaggedUnion<T1, T2>> taggedSecond = second.map((MapFunction<T2, TaggedUnion<T1, T2>>) TaggedUnion::two)
                .returns(unionCodec).name("Tag second");
            KeySelector<T1, KEY> k1 = firstKey;
            KeySelector<T2, KEY> k2 = secondKey;
            @SuppressWarnings("unchecked")
            WindowedStream<TaggedUnion<T1, T2>, KEY, W> windowed = taggedFirst.union(taggedSecond)
                .keyBy((KeySelector<TaggedUnion<T1, T2>, KEY>) tagged -> tagged.isOne() ? k1.getKey(tagged.getOne())
                    : k2.getKey(tagged.getTwo()), keyCodec)
                .window(assigner);
            if (trigger != null) {
                windowed.trigger(trigger);
            }
            if (evictor != null) {
                windowed.evictor(evictor);
            }
            if (allowedLateness != null) {
                windowed.allowedLateness(allowedLateness);
            }
            RichFunction rich = userFunction instanceof RichFunction r ? r : null;
            SingleOutputStreamOperator<T> out = windowed.process(new CoGroupWindowFunction<>(function, rich));
            if (outputType != null) {
                out.node.outputType(outputType);
            }
            return out;
        }
    }

    /** A record of either input of a coGroup or join, and which one (Flink's {@code CoGroupedStreams.TaggedUnion}). */
    public static final class TaggedUnion<T1, T2> {
        private final T1 one;
        private final T2 two;

        private TaggedUnion(T1 one, T2 two) {
            this.one = one;
            this.two = two;
        }

        public static <T1, T2> TaggedUnion<T1, T2> one(T1 one) {
            return new TaggedUnion<>(one, null);
        }

        public static <T1, T2> TaggedUnion<T1, T2> two(T2 two) {
            return new TaggedUnion<>(null, two);
        }

        public boolean isOne() {
            return one != null;
        }

        public boolean isTwo() {
            return two != null;
        }

        public T1 getOne() {
            return one;
        }

        public T2 getTwo() {
            return two;
        }

        @Override
        public String toString() {
            return isOne() ? "one(" + one + ")" : "two(" + two + ")";
        }
    }

    /** A tag byte (1 or 2), then the record in its own stream's encoding. */
    static final class TaggedUnionCodec<T1, T2> implements Codec<TaggedUnion<T1, T2>> {
        private final Codec<T1> one;
        private final Codec<T2> two;

        TaggedUnionCodec(Codec<T1> one, Codec<T2> two) {
            this.one = one;
            this.two = two;
        }

        @Override
        public int encode(TaggedUnion<T1, T2> value, MutableDirectBuffer buffer, int offset, int capacity) {
            if (capacity < 1) {
                return DOES_NOT_FIT;
            }
            buffer.putByte(offset, (byte) (value.isOne() ? 1 : 2));
            int length = value.isOne() ? one.encode(value.one, buffer, offset + 1, capacity - 1)
                : two.encode(value.two, buffer, offset + 1, capacity - 1);
            return length < 0 ? length : length + 1;
        }

        @Override
        public TaggedUnion<T1, T2> decode(DirectBuffer buffer, int offset, int length) {
            byte tag = buffer.getByte(offset);
            if (tag == 1) {
                return TaggedUnion.one(one.decode(buffer, offset + 1, length - 1));
            }
            if (tag == 2) {
                return TaggedUnion.two(two.decode(buffer, offset + 1, length - 1));
            }
            throw new IllegalStateException("corrupt record of a coGroup or join: side tag " + tag + ", not 1 or 2");
        }

        @Override
        public Class<?> type() {
            return TaggedUnion.class;
        }

        @Override
        public boolean isImmutable() {
            return one.isImmutable() && two.isImmutable();
        }

        @Override
        public TaggedUnion<T1, T2> copy(TaggedUnion<T1, T2> value) {
            return value.isOne() ? TaggedUnion.one(one.copy(value.one)) : TaggedUnion.two(two.copy(value.two));
        }

        @Override
        public String identity() {
            return "tagged-union(" + one.identity() + ", " + two.identity() + ")";
        }
    }

    /** Splits a fired window back into the records of each side. */
    private static final class CoGroupWindowFunction<T1, T2, T, KEY, W extends Window>
            extends ProcessWindowFunction<TaggedUnion<T1, T2>, T, KEY, W> {
        private static final long serialVersionUID = 1L;
        private final CoGroupFunction<T1, T2, T> function;
        private final RichFunction rich; // the user's function, when it has a life cycle: reached through function

        CoGroupWindowFunction(CoGroupFunction<T1, T2, T> function, RichFunction rich) {
            this.function = function;
            this.rich = rich;
        }

        @Override
        public void open(OpenContext context) throws Exception {
            if (rich != null) {
                rich.setRuntimeContext(getRuntimeContext());
                rich.open(context);
            }
        }

        @Override
        public void close() throws Exception {
            if (rich != null) {
                rich.close();
            }
        }

        @Override
        public void process(KEY key, Context context, Iterable<TaggedUnion<T1, T2>> elements, Collector<T> out) throws Exception {
            List<T1> ones = new ArrayList<>();
            List<T2> twos = new ArrayList<>();
            for (TaggedUnion<T1, T2> element : elements) {
                if (element.isOne()) {
                    ones.add(element.getOne());
                } else {
                    twos.add(element.getTwo());
                }
            }
            function.coGroup(ones, twos, out);
        }
    }
}
