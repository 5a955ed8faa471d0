package io.ringflow.state;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.state.MapStateDescriptor;
import io.ringflow.api.state.StateDescriptor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * How one kind of keyed state stores its per-key value on the heap: a plain value (value and
 * reducing state), an {@code ArrayList} (list state) or a {@code HashMap} (map state); how to
 * deep-copy it for copy-on-write and how to write it into a snapshot block.
 *
 * <pre>
 *   plain: [len:int][value bytes]
 *   list:  [count:int] count x ([len:int][element bytes])
 *   map:   [count:int] count x ([len:int][key bytes][len:int][value bytes])
 * </pre>
 */
abstract class StateValueCodec<V> {
    /** True when a stored value can be shared with a snapshot without copying. */
    abstract boolean isImmutable();

    abstract V copy(V value);

    abstract void write(V value, BlockWriter out);

    abstract V read(BlockReader in);

    /**
     * What a full snapshot writes of {@code value}: itself, a copy without what it must leave out
     * (expired list elements or map entries), or null to leave the entry out. Any thread.
     */
    V forSnapshot(V value) {
        return value;
    }

    /** Whether {@link #forSnapshot} may return anything but its argument: full snapshots then ask it per entry. */
    boolean filtersSnapshots() {
        return false;
    }

    /** How to frame these values without {@link #write}, when they are built-in primitives; else null. */
    PrimitiveFraming framing() {
        return null;
    }

    /** The codec for the per-key values of {@code descriptor}'s kind. */
    static StateValueCodec<?> forDescriptor(StateDescriptor<?> descriptor) {
        Codec<?> mapKey = descriptor instanceof MapStateDescriptor<?, ?> map ? map.getKeyCodec() : null;
        return of(descriptor.getKind(), mapKey, descriptor.getCodec());
    }

    /** The codec for per-key values of {@code kind} made of {@code value}s (and {@code mapKey}s for map state). */
    static StateValueCodec<?> of(StateDescriptor.Kind kind, Codec<?> mapKey, Codec<?> value) {
        return switch (kind) {
            case VALUE, REDUCING, AGGREGATING -> new Plain<>(value);
            case LIST -> new ListValues<>(value);
            case MAP -> new MapValues<>(mapKey, value);
        };
    }

    private static final class Plain<T> extends StateValueCodec<T> {
        private final Codec<T> codec;
        private final PrimitiveFraming framing;

        Plain(Codec<T> codec) {
            this.codec = codec;
            this.framing = PrimitiveFraming.of(codec);
        }

        @Override PrimitiveFraming framing() {
            return framing;
        }

        @Override boolean isImmutable() {
            return codec.isImmutable();
        }

        @Override T copy(T value) {
            return codec.copy(value);
        }

        @Override void write(T value, BlockWriter out) {
            out.putFramed(codec, value);
        }

        @Override T read(BlockReader in) {
            return in.getFramed(codec);
        }
    }

    private static final class ListValues<T> extends StateValueCodec<ArrayList<T>> {
        private final Codec<T> codec;

        ListValues(Codec<T> codec) {
            this.codec = codec;
        }

        @Override boolean isImmutable() {
            return false;
        }

        @Override ArrayList<T> copy(ArrayList<T> list) {
            if (codec.isImmutable()) {
                return new ArrayList<>(list);
            }
            ArrayList<T> copy = new ArrayList<>(list.size());
            for (T element : list) {
                copy.add(codec.copy(element));
            }
            return copy;
        }

        @Override void write(ArrayList<T> list, BlockWriter out) {
            out.putInt(list.size());
            for (T element : list) {
                out.putFramed(codec, element);
            }
        }

        @Override ArrayList<T> read(BlockReader in) {
            int count = in.getInt();
            ArrayList<T> list = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                list.add(in.getFramed(codec));
            }
            return list;
        }
    }

    private static final class MapValues<UK, UV> extends StateValueCodec<HashMap<UK, UV>> {
        private final Codec<UK> keyCodec;
        private final Codec<UV> valueCodec;

        MapValues(Codec<UK> keyCodec, Codec<UV> valueCodec) {
            this.keyCodec = keyCodec;
            this.valueCodec = valueCodec;
        }

        @Override boolean isImmutable() {
            return false;
        }

        @Override HashMap<UK, UV> copy(HashMap<UK, UV> map) {
            if (valueCodec.isImmutable()) {
                return new HashMap<>(map);
            }
            HashMap<UK, UV> copy = new HashMap<>(map.size() * 4 / 3 + 1);
            for (Map.Entry<UK, UV> e : map.entrySet()) {
                copy.put(e.getKey(), valueCodec.copy(e.getValue()));
            }
            return copy;
        }

        @Override void write(HashMap<UK, UV> map, BlockWriter out) {
            out.putInt(map.size());
            for (Map.Entry<UK, UV> e : map.entrySet()) {
                out.putFramed(keyCodec, e.getKey());
                out.putFramed(valueCodec, e.getValue());
            }
        }

        @Override HashMap<UK, UV> read(BlockReader in) {
            int count = in.getInt();
            HashMap<UK, UV> map = new HashMap<>(count * 4 / 3 + 1);
            for (int i = 0; i < count; i++) {
                UK key = in.getFramed(keyCodec);
                map.put(key, in.getFramed(valueCodec));
            }
            return map;
        }
    }
}
