package io.ringflow.api.codec;

import io.ringflow.api.tuple.Tuple;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.List;
import java.util.StringJoiner;

/**
 * Codecs of {@link Tuple}s: typed (a codec per field, {@link Codecs#tuple}) or, for a stream whose
 * field types are erased, tagged (each field after a byte naming its type).
 */
final class TupleCodecs {
    // the types a tagged field may hold, by tag; a nested tuple is tagged by TUPLE_TAG + its arity
    private static final List<BuiltInCodec<?>> TAGGED = List.of(builtIn(Codecs.LONG), builtIn(Codecs.INT),
        builtIn(Codecs.STRING), builtIn(Codecs.DOUBLE), builtIn(Codecs.FLOAT), builtIn(Codecs.BOOLEAN),
        builtIn(Codecs.SHORT), builtIn(Codecs.BYTE), builtIn(Codecs.CHAR), builtIn(Codecs.BYTE_ARRAY));
    private static final int TUPLE_TAG = 64;

    private TupleCodecs() {
    }

    private static BuiltInCodec<?> builtIn(Codec<?> codec) {
        return (BuiltInCodec<?>) codec;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Tuple copyNested(Tuple nested) {
        return new Tagged(nested.getClass(), nested.getArity()).copy(nested);
    }

    static <T extends Tuple> T newTuple(Class<T> type, int arity) {
        return Tuple.newInstance(type);
    }

    private static NullPointerException nullField(Tuple tuple, int position) {
        return new NullPointerException("field f" + position + " of " + tuple.getClass().getSimpleName()
            + " is null; tuple fields cannot be null (as in Flink): use a record or POJO for optional fields");
    }

    /** A codec per field, each value self-delimiting (a custom codec's framed by its length). */
    static final class Typed<T extends Tuple> extends BuiltInCodec<T> {
        private final Class<T> tupleClass;
        private final BuiltInCodec<Object>[] fields;
        private final Codec<?>[] given;

        @SuppressWarnings("unchecked")
        Typed(Class<T> type, Codec<?>[] fields) {
            super(type);
            this.tupleClass = type;
            this.given = fields.clone();
            this.fields = new BuiltInCodec[fields.length];
            for (int i = 0; i < fields.length; i++) {
                this.fields[i] = (BuiltInCodec<Object>) LengthPrefixedCodec.of(fields[i]);
            }
        }

        /** The codec given for field {@code position}. */
        Codec<?> fieldCodec(int position) {
            return given[position];
        }

        @Override
        int write(T tuple, MutableDirectBuffer buffer, int offset, int capacity) {
            int at = offset;
            for (int i = 0; i < fields.length; i++) {
                Object field = tuple.getField(i);
                if (field == null) {
                    throw nullField(tuple, i);
                }
                int written = fields[i].write(field, buffer, at, capacity - (at - offset));
                if (written < 0) {
                    return DOES_NOT_FIT;
                }
                at += written;
            }
            return at - offset;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T decode(DirectBuffer buffer, int offset, int length) {
            Tuple tuple = newTuple(tupleClass, fields.length);
            int at = offset;
            for (int i = 0; i < fields.length; i++) {
                int fieldLength = fields[i].lengthAt(buffer, at);
                tuple.setField(fields[i].decode(buffer, at, fieldLength), i);
                at += fieldLength;
            }
            return (T) tuple;
        }

        @Override
        int lengthAt(DirectBuffer buffer, int offset) {
            int at = offset;
            for (BuiltInCodec<Object> field : fields) {
                at += field.lengthAt(buffer, at);
            }
            return at - offset;
        }

        @Override
        public boolean isImmutable() {
            return false; // tuples are mutable
        }

        @Override
        @SuppressWarnings("unchecked")
        public T copy(T tuple) {
            Tuple copy = newTuple(tupleClass, fields.length);
            for (int i = 0; i < fields.length; i++) {
                Object field = tuple.getField(i);
                copy.setField(field == null ? null : fields[i].copy(field), i);
            }
            return (T) copy;
        }

        @Override
        public String identity() {
            StringJoiner joined = new StringJoiner(", ", "tuple" + fields.length + "(", ")");
            for (Codec<?> field : given) {
                joined.add(field.identity());
            }
            return joined.toString();
        }
    }

    /** Fields of erased types: each after a byte naming which of the taggable types it is. */
    static final class Tagged<T extends Tuple> extends BuiltInCodec<T> {
        private final Class<T> tupleClass;
        private final int arity;

        Tagged(Class<T> type, int arity) {
            super(type);
            this.tupleClass = type;
            this.arity = arity;
        }

        @Override
        int write(T tuple, MutableDirectBuffer buffer, int offset, int capacity) {
            int at = offset;
            for (int i = 0; i < arity; i++) {
                int written = writeField(tuple, i, buffer, at, capacity - (at - offset));
                if (written < 0) {
                    return DOES_NOT_FIT;
                }
                at += written;
            }
            return at - offset;
        }

        @SuppressWarnings("unchecked")
        private static int writeField(Tuple tuple, int position, MutableDirectBuffer buffer, int offset, int capacity) {
            Object field = tuple.getField(position);
            if (field == null) {
                throw nullField(tuple, position);
            }
            if (capacity < 1) {
                return DOES_NOT_FIT;
            }
            BuiltInCodec<Object> codec;
            int tag;
            if (field instanceof Tuple nested) {
                tag = TUPLE_TAG + nested.getArity();
                codec = (BuiltInCodec<Object>) (BuiltInCodec<?>) new Tagged<>(nested.getClass(), nested.getArity());
            } else {
                tag = tagOf(field.getClass());
                if (tag < 0) {
                    throw new IllegalArgumentException("field f" + position + " of " + tuple.getClass().getSimpleName()
                        + " holds a " + field.getClass().getName() + ", which a tuple without a typed codec cannot hold (it"
                        + " takes Long, Integer, String, Double, Float, Boolean, Short, Byte, Character, byte[] and tuples"
                        + " of them); give the stream a typed codec: .returns(Codecs.tuple(Codecs.STRING, Codecs.forClass("
                        + field.getClass().getSimpleName() + ".class), ...))");
                }
                codec = (BuiltInCodec<Object>) TAGGED.get(tag);
            }
            int written = codec.write(field, buffer, offset + 1, capacity - 1);
            if (written < 0) {
                return DOES_NOT_FIT;
            }
            buffer.putByte(offset, (byte) tag);
            return 1 + written;
        }

        private static int tagOf(Class<?> type) {
            for (int tag = 0; tag < TAGGED.size(); tag++) {
                if (TAGGED.get(tag).type() == type) {
                    return tag;
                }
            }
            return -1;
        }

        private static BuiltInCodec<?> codecOf(int tag) {
            if (tag >= TUPLE_TAG + 1 && tag <= TUPLE_TAG + Tuple.MAX_ARITY) {
                Tuple empty = Tuple.newInstance(tag - TUPLE_TAG);
                return new Tagged<>(empty.getClass(), tag - TUPLE_TAG);
            }
            if (tag < 0 || tag >= TAGGED.size()) {
                throw new IllegalStateException("corrupt tuple field: type tag " + tag);
            }
            return TAGGED.get(tag);
        }

        @Override
        @SuppressWarnings("unchecked")
        public T decode(DirectBuffer buffer, int offset, int length) {
            Tuple tuple = newTuple(tupleClass, arity);
            int at = offset;
            for (int i = 0; i < arity; i++) {
                BuiltInCodec<?> codec = codecOf(buffer.getByte(at));
                int fieldLength = codec.lengthAt(buffer, at + 1);
                tuple.setField(codec.decode(buffer, at + 1, fieldLength), i);
                at += 1 + fieldLength;
            }
            return (T) tuple;
        }

        @Override
        int lengthAt(DirectBuffer buffer, int offset) {
            int at = offset;
            for (int i = 0; i < arity; i++) {
                at += 1 + codecOf(buffer.getByte(at)).lengthAt(buffer, at + 1);
            }
            return at - offset;
        }

        @Override
        public boolean isImmutable() {
            return false;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T copy(T tuple) {
            T copy = newTuple(tupleClass, arity);
            for (int i = 0; i < arity; i++) {
                Object field = tuple.getField(i);
                if (field instanceof byte[] bytes) {
                    field = bytes.clone();
                } else if (field instanceof Tuple nested) {
                    field = copyNested(nested);
                }
                copy.setField(field, i);
            }
            return copy;
        }

        @Override
        public String identity() {
            return "tuple" + arity + "(tagged)";
        }
    }
}
