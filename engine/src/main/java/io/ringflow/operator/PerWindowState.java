package io.ringflow.operator;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.AggregateFunction;
import io.ringflow.api.state.AggregatingState;
import io.ringflow.api.state.AggregatingStateDescriptor;
import io.ringflow.api.state.KeyedStateStore;
import io.ringflow.api.state.ListState;
import io.ringflow.api.state.ListStateDescriptor;
import io.ringflow.api.state.MapState;
import io.ringflow.api.state.MapStateDescriptor;
import io.ringflow.api.state.ReducingState;
import io.ringflow.api.state.ReducingStateDescriptor;
import io.ringflow.api.state.StateDescriptor;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.api.window.Window;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Flink's {@code ProcessWindowFunction.Context#windowState()}: keyed state of the current key and
 * window, each state a map state keyed by window, so it is checkpointed, restored and rescaled
 * with the key. It lives until the function's {@code clear} removes it, as in Flink; merging
 * (session) windows have none (Flink refuses it there too).
 */
final class PerWindowState<W extends Window> implements KeyedStateStore {
    /** Prefix of the map states holding per-window state, beside the window's contents and trigger state. */
    static final String PREFIX = "window-state-";

    interface Maps<W> {
        <T> MapState<W, T> perWindow(String name, Codec<T> codec);
    }

    private final Maps<W> maps;
    private final Supplier<W> window;
    private final boolean merging;

    PerWindowState(Maps<W> maps, Supplier<W> window, boolean merging) {
        this.maps = maps;
        this.window = window;
        this.merging = merging;
    }

    private <T> MapState<W, T> map(StateDescriptor<?> descriptor, Codec<T> codec) {
        if (merging) {
            throw new UnsupportedOperationException("per-window state is not available with merging (session) windows,"
                + " as in Flink: keep " + descriptor + " in globalState() keyed by what identifies the session");
        }
        if (descriptor.getTtlConfig().isEnabled()) {
            throw new UnsupportedOperationException(descriptor + ": per-window state lives until the window function's"
                + " clear(context) removes it and takes no time-to-live; remove enableTimeToLive");
        }
        return maps.perWindow(descriptor.getName(), codec);
    }

    @Override
    public <T> ValueState<T> getState(ValueStateDescriptor<T> descriptor) {
        MapState<W, T> values = map(descriptor, descriptor.getCodec());
        Codec<T> codec = descriptor.getCodec();
        T defaultValue = descriptor.getDefaultValue();
        return new ValueState<>() {
            @Override
            public T value() {
                T value = values.get(window.get());
                if (value != null || defaultValue == null) {
                    return value;
                }
                return codec.isImmutable() ? defaultValue : codec.copy(defaultValue); // others' default stays as it was
            }

            @Override
            public void update(T value) {
                if (value == null) {
                    clear();
                } else {
                    values.put(window.get(), value);
                }
            }

            @Override
            public void clear() {
                values.remove(window.get());
            }
        };
    }

    @Override
    public <T> ListState<T> getListState(ListStateDescriptor<T> descriptor) {
        MapState<W, List<T>> lists = map(descriptor, Codecs.listOf(descriptor.getCodec()));
        String name = descriptor.getName();
        return new ListState<>() {
            @Override
            public Iterable<T> get() {
                List<T> list = lists.get(window.get());
                return list == null ? Collections.emptyList() : Collections.unmodifiableList(list);
            }

            @Override
            public void add(T value) {
                addAll(List.of(Objects.requireNonNull(value, () -> "list state '" + name + "' does not take null elements")));
            }

            @Override
            public void addAll(List<T> values) {
                if (values.isEmpty()) {
                    return;
                }
                List<T> list = lists.get(window.get());
                List<T> more = list == null ? new ArrayList<>(values.size()) : new ArrayList<>(list);
                for (T value : values) {
                    more.add(Objects.requireNonNull(value, () -> "list state '" + name + "' does not take null elements"));
                }
                lists.put(window.get(), more);
            }

            @Override
            public void update(List<T> values) {
                if (values == null || values.isEmpty()) {
                    clear();
                } else {
                    lists.remove(window.get());
                    addAll(values);
                }
            }

            @Override
            public void clear() {
                lists.remove(window.get());
            }
        };
    }

    @Override
    public <K, V> MapState<K, V> getMapState(MapStateDescriptor<K, V> descriptor) {
        MapState<W, Map<K, V>> maps = map(descriptor, Codecs.mapOf(descriptor.getKeyCodec(), descriptor.getCodec()));
        return new WindowMapState<>(maps, window, descriptor.getName());
    }

    @Override
    public <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> descriptor) {
        MapState<W, T> values = map(descriptor, descriptor.getCodec());
        return new ReducingState<>() {
            @Override
            public T get() {
                return values.get(window.get());
            }

            @Override
            public void add(T value) {
                T current = values.get(window.get());
                try {
                    values.put(window.get(), current == null ? value : descriptor.getReduceFunction().reduce(current, value));
                } catch (Exception e) {
                    throw Rethrow.unchecked(e);
                }
            }

            @Override
            public void clear() {
                values.remove(window.get());
            }
        };
    }

    @Override
    public <IN, ACC, OUT> AggregatingState<IN, OUT> getAggregatingState(AggregatingStateDescriptor<IN, ACC, OUT> descriptor) {
        MapState<W, ACC> accumulators = map(descriptor, descriptor.getCodec());
        AggregateFunction<IN, ACC, OUT> function = descriptor.getAggregateFunction();
        return new AggregatingState<>() {
            @Override
            public OUT get() {
                ACC accumulator = accumulators.get(window.get());
                return accumulator == null ? null : function.getResult(accumulator);
            }

            @Override
            public void add(IN value) {
                ACC accumulator = accumulators.get(window.get());
                accumulators.put(window.get(), function.add(value, accumulator == null ? function.createAccumulator() : accumulator));
            }

            @Override
            public void clear() {
                accumulators.remove(window.get());
            }
        };
    }

    /** A map state of one window: a copy is written back on every change, so a snapshot never sees one in progress. */
    private record WindowMapState<W, K, V>(MapState<W, Map<K, V>> maps, Supplier<W> window, String name)
        implements MapState<K, V> {
        private Map<K, V> current() {
            Map<K, V> map = maps.get(window.get());
            return map == null ? Map.of() : map;
        }

        private void write(Map<K, V> map) {
            if (map.isEmpty()) {
                maps.remove(window.get());
            } else {
                maps.put(window.get(), map);
            }
        }

        @Override
        public V get(K key) {
            return current().get(key);
        }

        @Override
        public void put(K key, V value) {
            Objects.requireNonNull(key, () -> "map state '" + name + "' does not take null keys");
            Objects.requireNonNull(value, () -> "map state '" + name + "' does not take null values; use remove");
            Map<K, V> map = new HashMap<>(current());
            map.put(key, value);
            write(map);
        }

        @Override
        public void putAll(Map<K, V> entries) {
            Map<K, V> map = new HashMap<>(current());
            entries.forEach((key, value) -> map.put(Objects.requireNonNull(key, () -> "map state '" + name
                + "' does not take null keys"), Objects.requireNonNull(value, () -> "map state '" + name
                + "' does not take null values; use remove")));
            write(map);
        }

        @Override
        public void remove(K key) {
            Map<K, V> map = new HashMap<>(current());
            if (map.remove(key) != null) {
                write(map);
            }
        }

        @Override
        public boolean contains(K key) {
            return current().containsKey(key);
        }

        @Override
        public Iterable<Map.Entry<K, V>> entries() {
            return Collections.unmodifiableMap(current()).entrySet();
        }

        @Override
        public Iterable<K> keys() {
            return Collections.unmodifiableMap(current()).keySet();
        }

        @Override
        public Iterable<V> values() {
            return Collections.unmodifiableMap(current()).values();
        }

        @Override
        public boolean isEmpty() {
            return current().isEmpty();
        }

        @Override
        public void clear() {
            maps.remove(window.get());
        }
    }
}
