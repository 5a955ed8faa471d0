package io.ringflow.api;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.functions.CoGroupFunction;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.FlatJoinFunction;
import io.ringflow.api.functions.JoinFunction;
import io.ringflow.api.functions.KeySelector;
import io.ringflow.api.window.Evictor;
import io.ringflow.api.window.Trigger;
import io.ringflow.api.window.Window;
import io.ringflow.api.window.WindowAssigner;
import io.ringflow.graph.TypeExtraction;

import java.time.Duration;

/**
 * {@code first.join(second).where(key1).equalTo(key2).window(assigner).apply(function)}, as
 * Flink's window join: an inner join of the records of both streams that share a key and a
 * window, each pair once when the window fires. A {@link CoGroupedStreams coGroup} whose function
 * pairs every record of one side with every record of the other.
 */
public final class JoinedStreams<T1, T2> {
    private final CoGroupedStreams<T1, T2> coGrouped;

    JoinedStreams(DataStream<T1> first, DataStream<T2> second) {
        this.coGrouped = new CoGroupedStreams<>(first, second);
    }

    /** The key of the first stream's records; its type must be that of the second's. */
    public <KEY> Where<KEY> where(KeySelector<T1, KEY> keySelector) {
        return new Where<>(coGrouped.where(keySelector));
    }

    /** {@link #where(KeySelector)} with the key codec given. */
    public <KEY> Where<KEY> where(KeySelector<T1, KEY> keySelector, Codec<KEY> keyCodec) {
        return new Where<>(coGrouped.where(keySelector, keyCodec));
    }

    /** Waiting for the second stream's key. */
    public final class Where<KEY> {
        private final CoGroupedStreams<T1, T2>.Where<KEY> where;

        Where(CoGroupedStreams<T1, T2>.Where<KEY> where) {
            this.where = where;
        }

        public EqualTo equalTo(KeySelector<T2, KEY> secondKey) {
            return new EqualTo(where.equalTo(secondKey));
        }

        /** Waiting for the windows. */
        public final class EqualTo {
            private final CoGroupedStreams<T1, T2>.Where<KEY>.EqualTo equalTo;

            EqualTo(CoGroupedStreams<T1, T2>.Where<KEY>.EqualTo equalTo) {
                this.equalTo = equalTo;
            }

            public <W extends Window> WithWindow<T1, T2, KEY, W> window(WindowAssigner<W> assigner) {
                return new WithWindow<>(equalTo.window(assigner));
            }
        }
    }

    /** Keys and windows given: a trigger, an evictor and an allowed lateness may follow, then {@code apply}. */
    public static final class WithWindow<T1, T2, KEY, W extends Window> {
        private final CoGroupedStreams.WithWindow<T1, T2, KEY, W> window;

        WithWindow(CoGroupedStreams.WithWindow<T1, T2, KEY, W> window) {
            this.window = window;
        }

        public WithWindow<T1, T2, KEY, W> trigger(Trigger<? super CoGroupedStreams.TaggedUnion<T1, T2>, ? super W> trigger) {
            window.trigger(trigger);
            return this;
        }

        public WithWindow<T1, T2, KEY, W> evictor(Evictor<? super CoGroupedStreams.TaggedUnion<T1, T2>, ? super W> evictor) {
            window.evictor(evictor);
            return this;
        }

        public WithWindow<T1, T2, KEY, W> allowedLateness(Duration lateness) {
            window.allowedLateness(lateness);
            return this;
        }

        /** One output record per joined pair. */
        public <T> SingleOutputStreamOperator<T> apply(JoinFunction<T1, T2, T> function) {
            if (function == null) {
                throw new InvalidJobException("apply takes a join function, got null");
            }
            FlatJoinFunction<T1, T2, T> flat = (first, second, out) -> out.collect(function.join(first, second));
            return window.apply(new FlatJoinCoGroup<>(flat), function, TypeExtraction.typeArgument(function, JoinFunction.class, 2));
        }

        /** Any number of output records per joined pair. */
        public <T> SingleOutputStreamOperator<T> apply(FlatJoinFunction<T1, T2, T> function) {
            if (function == null) {
                throw new InvalidJobException("apply takes a join function, got null");
            }
            return window.apply(new FlatJoinCoGroup<>(function), function,
                TypeExtraction.typeArgument(function, FlatJoinFunction.class, 2));
        }
    }

    private static final class FlatJoinCoGroup<T1, T2, T> implements CoGroupFunction<T1, T2, T> {
        private static final long serialVersionUID = 1L;
        private final FlatJoinFunction<T1, T2, T> join;

        FlatJoinCoGroup(FlatJoinFunction<T1, T2, T> join) {
            this.join = join;
        }

        @Override
        public void coGroup(Iterable<T1> first, Iterable<T2> second, Collector<T> out) throws Exception {
            for (T1 one : first) {
                for (T2 two : second) {
                    join.join(one, two, out);
                }
            }
        }
    }
}
