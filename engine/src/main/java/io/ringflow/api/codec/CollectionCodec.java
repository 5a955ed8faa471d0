package io.ringflow.api.codec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.RandomAccess;
import java.util.Set;
import java.util.function.IntFunction;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.ringflow.api.codec.CodecDescriptor.BYTE_ORDER;
import static io.ringflow.api.codec.CodecDescriptor.LENGTH_PREFIX_LENGTH;
import static io.ringflow.api.codec.CodecDescriptor.NULL_LENGTH;
import static io.ringflow.api.codec.CodecDescriptor.bodyOffset;

/**
 * A {@code List} (read back as an {@code ArrayList}) or a {@code Set} (a {@code LinkedHashSet},
 * keeping the written order): element count ({@code -1} for null), then the elements in
 * iteration order, each in its own layout. An element may be null only where its codec writes
 * null (strings, enums, collections, arrays, time and big numbers), as in Flink's list codec.
 *
 * @param <C> the collection type
 */
final class CollectionCodec<C extends Collection<Object>> extends BuiltInCodec<C> {
    /** The collection interfaces carried, and what they are read back as. */
    enum Kind {
        LIST(List.class, ArrayList::new),
        SET(Set.class, count -> new LinkedHashSet<>(Math.max(16, (int)(count / 0.75f) + 1)));

        final Class<?> type;
        final IntFunction<Collection<Object>> create;

        Kind(final Class<?> type, final IntFunction<Collection<Object>> create) {
            this.type = type;
            this.create = create;
        }
    }

    private final Kind kind;
    private final BuiltInCodec<Object> elements;
    /** The field the collection is in, for the message of a null element. */
    private final String where;
    private final String identity;

    @SuppressWarnings("unchecked")
    CollectionCodec(final Kind kind, final BuiltInCodec<?> elements, final String where) {
        super((Class<C>)kind.type);
        this.kind = kind;
        this.elements = (BuiltInCodec<Object>)elements;
        this.where = where;
        this.identity = kind.type.getName() + "<" + elements.identity() + ">";
    }

    BuiltInCodec<Object> elements() {
        return elements;
    }

    /** The same collection with {@code reader} for its elements, to read an older element layout. */
    CollectionCodec<C> withElements(final BuiltInCodec<?> reader) {
        return new CollectionCodec<>(kind, reader, where);
    }

    @Override
    int write(final C value, final MutableDirectBuffer buffer, final int offset, final int capacity) {
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
        if (value instanceof RandomAccess && value instanceof List<?> list) {
            // an index loop: no iterator on the hot path
            for (final int size = list.size(); count < size; count++) {
                final int written = writeElement(list.get(count), buffer, position, limit);
                if (written == DOES_NOT_FIT) {
                    return DOES_NOT_FIT;
                }
                position += written;
            }
        } else {
            for (final Object element : value) {
                final int written = writeElement(element, buffer, position, limit);
                if (written == DOES_NOT_FIT) {
                    return DOES_NOT_FIT;
                }
                position += written;
                count++;
            }
        }
        buffer.putInt(offset, count, BYTE_ORDER);
        return position - offset;
    }

    private int writeElement(final Object element, final MutableDirectBuffer buffer, final int position, final int limit) {
        return elements.write(Nulls.check(element, elements, "an element", where), buffer, position, limit - position);
    }

    @Override
    @SuppressWarnings("unchecked")
    public C decode(final DirectBuffer buffer, final int offset, final int length) {
        final int count = buffer.getInt(offset, BYTE_ORDER);
        if (count == NULL_LENGTH) {
            return null;
        }
        final Collection<Object> collection = kind.create.apply(count);
        int position = bodyOffset(offset);
        for (int i = 0; i < count; i++) {
            final int elementLength = elements.lengthAt(buffer, position);
            collection.add(elements.decode(buffer, position, elementLength));
            position += elementLength;
        }
        return (C)collection;
    }

    @Override
    int lengthAt(final DirectBuffer buffer, final int offset) {
        final int count = buffer.getInt(offset, BYTE_ORDER);
        if (count == NULL_LENGTH) {
            return LENGTH_PREFIX_LENGTH;
        }
        final int fixed = elements.fixedLength();
        if (fixed != CodecDescriptor.VARIABLE_LENGTH) {
            return LENGTH_PREFIX_LENGTH + count * fixed;
        }
        int position = bodyOffset(offset);
        for (int i = 0; i < count; i++) {
            position += elements.lengthAt(buffer, position);
        }
        return position - offset;
    }

    @Override
    boolean acceptsNull() {
        return true;
    }

    /** {@code java.util.List<element identity>} or {@code java.util.Set<element identity>}. */
    @Override
    public String identity() {
        return identity;
    }

    @Override
    @SuppressWarnings("unchecked")
    public C copy(final C value) {
        if (value == null) {
            return null;
        }
        final Collection<Object> copy = kind.create.apply(value.size());
        for (final Object element : value) {
            copy.add(element == null ? null : elements.copy(element));
        }
        return (C)copy;
    }
}
