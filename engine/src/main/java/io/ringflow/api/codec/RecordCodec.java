package io.ringflow.api.codec;

import java.lang.invoke.MethodHandle;

import org.agrona.DirectBuffer;
import org.agrona.LangUtil;
import org.agrona.MutableDirectBuffer;

/**
 * A Java record as its components in declaration order (see {@link CodecDescriptor}), or a POJO
 * as its fields in name order. Built once by {@link RecordCodecs}; encoding calls one accessor
 * handle per component with {@code invokeExact}, so primitive components are written without
 * boxing. When every component has a fixed width the capacity is checked once and components
 * sit at constant offsets.
 *
 * @param <R> the record type
 */
final class RecordCodec<R> extends BuiltInCodec<R> {
    private final String[] names;
    private final BuiltInCodec<Object>[] codecs;
    /** Typed {@code (Object)carrier} of the matching codec, for {@link BuiltInCodec#writeComponent}. */
    private final MethodHandle[] accessors;
    /** Typed {@code (Object)Object}, for {@link #copy}. */
    private final MethodHandle[] boxingAccessors;
    /** Typed {@code (Object[])Object}: the canonical constructor taking its arguments as an array. */
    private final MethodHandle constructor;
    private final int[] offsets;
    private final int fixedLength;
    private final boolean immutable;
    private final String identity;
    /** Plain calls for a record of primitives; null: the handles above. */
    private final PrimitiveRecordAccess access;
    /** A POJO: mutable, and a field absent from restored bytes keeps what the no-arg constructor gave it. */
    private final boolean pojo;

    RecordCodec(final Class<R> type, final String[] names, final BuiltInCodec<Object>[] codecs, final MethodHandle[] accessors,
        final MethodHandle[] boxingAccessors, final MethodHandle constructor, final boolean pojo) {
        super(type);
        this.pojo = pojo;
        this.names = names;
        this.codecs = codecs;
        this.accessors = accessors;
        this.boxingAccessors = boxingAccessors;
        this.constructor = constructor;
        this.offsets = new int[codecs.length];
        int length = 0;
        boolean allImmutable = true;
        for (int i = 0; i < codecs.length; i++) {
            offsets[i] = length;
            final int componentLength = codecs[i].fixedLength();
            length = length == CodecDescriptor.VARIABLE_LENGTH || componentLength == CodecDescriptor.VARIABLE_LENGTH
                ? CodecDescriptor.VARIABLE_LENGTH : length + componentLength;
            allImmutable &= codecs[i].isImmutable();
        }
        this.fixedLength = length;
        this.immutable = allImmutable && !pojo;
        final StringBuilder id = new StringBuilder(pojo ? RecordIdentity.POJO_PREFIX : RecordIdentity.PREFIX).append(type.getName()).append('(');
        for (int i = 0; i < codecs.length; i++) {
            id.append(i == 0 ? "" : RecordIdentity.SEPARATOR).append(names[i]).append(':').append(codecs[i].identity());
        }
        this.identity = id.append(')').toString();
        this.access = pojo || fixedLength == CodecDescriptor.VARIABLE_LENGTH ? null : PrimitiveRecordAccess.of(type);
    }

    /**
     * {@code record <class name>(<component>:<identity>, ...)}, components in declaration order;
     * {@code pojo <class name>(<field>:<identity>, ...)}, fields in name order.
     */
    @Override
    public String identity() {
        return identity;
    }

    /** A record of every component's default, so that a nested record added to a record is never null. */
    @Override
    Object defaultValue() {
        final Object[] arguments = new Object[codecs.length];
        for (int i = 0; i < codecs.length; i++) {
            arguments[i] = absentValue(i);
        }
        return construct(arguments);
    }

    /** What {@link #construct} gets for a component that restored bytes lack. */
    Object absentValue(final int index) {
        return pojo ? PojoCodecs.UNSET : codecs[index].defaultValue();
    }

    int componentCount() {
        return codecs.length;
    }

    String componentName(final int index) {
        return names[index];
    }

    BuiltInCodec<Object> componentCodec(final int index) {
        return codecs[index];
    }

    @Override
    int write(final R value, final MutableDirectBuffer buffer, final int offset, final int capacity) {
        try {
            if (fixedLength != CodecDescriptor.VARIABLE_LENGTH) {
                if (capacity < fixedLength) {
                    return DOES_NOT_FIT;
                }
                if (access != null) {
                    access.write(value, buffer, offset);
                    return fixedLength;
                }
                for (int i = 0; i < codecs.length; i++) {
                    codecs[i].writeComponent(accessors[i], value, buffer, offset + offsets[i], fixedLength - offsets[i]);
                }
                return fixedLength;
            }
            int position = offset;
            final int limit = offset + capacity;
            for (int i = 0; i < codecs.length; i++) {
                final int written = codecs[i].writeComponent(accessors[i], value, buffer, position, limit - position);
                if (written == DOES_NOT_FIT) {
                    return DOES_NOT_FIT;
                }
                position += written;
            }
            return position - offset;
        } catch (final Throwable t) {
            LangUtil.rethrowUnchecked(t);
            return DOES_NOT_FIT;
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public R decode(final DirectBuffer buffer, final int offset, final int length) {
        if (access != null) {
            return (R)access.read(buffer, offset);
        }
        final Object[] arguments = new Object[codecs.length];
        if (fixedLength != CodecDescriptor.VARIABLE_LENGTH) {
            for (int i = 0; i < codecs.length; i++) {
                arguments[i] = codecs[i].decode(buffer, offset + offsets[i], codecs[i].fixedLength());
            }
            return construct(arguments);
        }
        int position = offset;
        for (int i = 0; i < codecs.length; i++) {
            final int componentLength = codecs[i].lengthAt(buffer, position);
            arguments[i] = codecs[i].decode(buffer, position, componentLength);
            position += componentLength;
        }
        return construct(arguments);
    }

    @Override
    int lengthAt(final DirectBuffer buffer, final int offset) {
        if (fixedLength != CodecDescriptor.VARIABLE_LENGTH) {
            return fixedLength;
        }
        int position = offset;
        for (final BuiltInCodec<Object> codec : codecs) {
            position += codec.lengthAt(buffer, position);
        }
        return position - offset;
    }

    @Override
    int fixedLength() {
        return fixedLength;
    }

    @Override
    public boolean isImmutable() {
        return immutable;
    }

    @Override
    public R copy(final R value) {
        if (immutable || value == null) {
            return value;
        }
        final Object[] arguments = new Object[codecs.length];
        try {
            for (int i = 0; i < codecs.length; i++) {
                arguments[i] = codecs[i].copy((Object)boxingAccessors[i].invokeExact((Object)value));
            }
        } catch (final Throwable t) {
            LangUtil.rethrowUnchecked(t);
        }
        return construct(arguments);
    }

    /** A record of {@code arguments}, one per component in declaration order. */
    @SuppressWarnings("unchecked")
    R construct(final Object[] arguments) {
        try {
            return (R)(Object)constructor.invokeExact(arguments);
        } catch (final Throwable t) {
            LangUtil.rethrowUnchecked(t);
            return null;
        }
    }
}
