package io.ringflow.api.codec;

import java.util.LinkedHashMap;
import java.util.Map;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.ringflow.api.codec.CodecDescriptor.BYTE_ORDER;
import static io.ringflow.api.codec.CodecDescriptor.LENGTH_PREFIX_LENGTH;
import static io.ringflow.api.codec.CodecDescriptor.NULL_LENGTH;
import static io.ringflow.api.codec.CodecDescriptor.bodyOffset;

/**
 * A {@code Map}, read back as a {@code LinkedHashMap} in the written order: entry count
 * ({@code -1} for null), then key and value of each entry, each in its own layout. A key or value
 * may be null only where its codec writes null.
 */
final class MapCodec extends BuiltInCodec<Map<Object, Object>> {
    private final BuiltInCodec<Object> keys;
    private final BuiltInCodec<Object> values;
    private final String where;
    private final String identity;

    @SuppressWarnings("unchecked")
    MapCodec(final BuiltInCodec<?> keys, final BuiltInCodec<?> values, final String where) {
        super((Class<Map<Object, Object>>)(Class<?>)Map.class);
        this.keys = (BuiltInCodec<Object>)keys;
        this.values = (BuiltInCodec<Object>)values;
        this.where = where;
        this.identity = Map.class.getName() + "<" + keys.identity() + RecordIdentity.SEPARATOR + values.identity() + ">";
    }

    BuiltInCodec<Object> keys() {
        return keys;
    }

    BuiltInCodec<Object> values() {
        return values;
    }

    /** The same map with other readers, to read older key or value layouts. */
    MapCodec withReaders(final BuiltInCodec<?> keyReader, final BuiltInCodec<?> valueReader) {
        return new MapCodec(keyReader, valueReader, where);
    }

    @Override
    int write(final Map<Object, Object> value, final MutableDirectBuffer buffer, final int offset, final int capacity) {
        if (capacity < LENGTH_PREFIX_LENGTH) {
            return DOES_NOT_FIT;
        }
        if (value == null) {
            buffer.putInt(offset, NULL_LENGTH, BYTE_ORDER);
            return LENGTH_PREFIX_LENGTH;
        }
        final int limit = offset + capacity;
        int position = bodyOffset(offset);
        int count = 0;
        for (final Map.Entry<Object, Object> entry : value.entrySet()) {
            final int key = keys.write(Nulls.check(entry.getKey(), keys, "a key", where), buffer, position,
                limit - position);
            if (key == DOES_NOT_FIT) {
                return DOES_NOT_FIT;
            }
            position += key;
            final int written = values.write(Nulls.check(entry.getValue(), values, "a value", where), buffer,
                position, limit - position);
            if (written == DOES_NOT_FIT) {
                return DOES_NOT_FIT;
            }
            position += written;
            count++;
        }
        buffer.putInt(offset, count, BYTE_ORDER);
        return position - offset;
    }

    @Override
    public Map<Object, Object> decode(final DirectBuffer buffer, final int offset, final int length) {
        final int count = buffer.getInt(offset, BYTE_ORDER);
        if (count == NULL_LENGTH) {
            return null;
        }
        final Map<Object, Object> map = new LinkedHashMap<>(Math.max(16, (int)(count / 0.75f) + 1));
        int position = bodyOffset(offset);
        for (int i = 0; i < count; i++) {
            final int keyLength = keys.lengthAt(buffer, position);
            final Object key = keys.decode(buffer, position, keyLength);
            position += keyLength;
            final int valueLength = values.lengthAt(buffer, position);
            map.put(key, values.decode(buffer, position, valueLength));
            position += valueLength;
        }
        return map;
    }

    @Override
    int lengthAt(final DirectBuffer buffer, final int offset) {
        final int count = buffer.getInt(offset, BYTE_ORDER);
        if (count == NULL_LENGTH) {
            return LENGTH_PREFIX_LENGTH;
        }
        int position = bodyOffset(offset);
        for (int i = 0; i < count; i++) {
            position += keys.lengthAt(buffer, position);
            position += values.lengthAt(buffer, position);
        }
        return position - offset;
    }

    @Override
    boolean acceptsNull() {
        return true;
    }

    /** {@code java.util.Map<key identity, value identity>}. */
    @Override
    public String identity() {
        return identity;
    }

    @Override
    public Map<Object, Object> copy(final Map<Object, Object> value) {
        if (value == null) {
            return null;
        }
        final Map<Object, Object> copy = new LinkedHashMap<>(Math.max(16, (int)(value.size() / 0.75f) + 1));
        value.forEach((key, entry) -> copy.put(key == null ? null : keys.copy(key), entry == null ? null : values.copy(entry)));
        return copy;
    }
}
