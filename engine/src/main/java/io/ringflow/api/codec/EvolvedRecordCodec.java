package io.ringflow.api.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Reads a record or POJO in the layout an older version of its class was written with, mapping
 * components by name: removed components are skipped, added ones take their default. Writes,
 * copies and identifies itself as the current record codec, so state read through it is
 * snapshotted in the current layout.
 *
 * @param <R> the record type
 */
final class EvolvedRecordCodec<R> extends BuiltInCodec<R> {
    private final RecordCodec<R> target;
    /** Per written component: the codec that reads (or only skips) its layout. */
    private final BuiltInCodec<?>[] readers;
    /** Per written component: its index in the current record, or -1 when it was removed. */
    private final int[] into;
    /** Per current component: its default, used when it was not written. */
    private final Object[] defaults;

    @SuppressWarnings("unchecked")
    private EvolvedRecordCodec(final RecordCodec<R> target, final BuiltInCodec<?>[] readers, final int[] into,
        final Object[] defaults) {
        super((Class<R>)target.type());
        this.target = target;
        this.readers = readers;
        this.into = into;
        this.defaults = defaults;
    }

    /** @throws IncompatibleCodecException when a component kept its name but changed its type */
    static <R> EvolvedRecordCodec<R> of(final RecordIdentity written, final RecordCodec<R> target) {
        final int count = written.components().size();
        final BuiltInCodec<?>[] readers = new BuiltInCodec<?>[count];
        final int[] into = new int[count];
        final boolean[] present = new boolean[target.componentCount()];
        for (int j = 0; j < count; j++) {
            final RecordIdentity.Component component = written.components().get(j);
            into[j] = indexOf(target, component.name());
            if (into[j] < 0) {
                readers[j] = layoutOf(component);
            } else {
                readers[j] = readerOf(component, target.componentCodec(into[j]), target);
                present[into[j]] = true;
            }
        }
        final Object[] defaults = new Object[present.length];
        for (int i = 0; i < present.length; i++) {
            defaults[i] = present[i] ? null : target.absentValue(i);
        }
        return new EvolvedRecordCodec<>(target, readers, into, defaults);
    }

    @Override
    public R decode(final DirectBuffer buffer, final int offset, final int length) {
        final Object[] arguments = defaults.clone();
        int position = offset;
        for (int j = 0; j < readers.length; j++) {
            final int componentLength = readers[j].lengthAt(buffer, position);
            if (into[j] >= 0) {
                arguments[into[j]] = readers[j].decode(buffer, position, componentLength);
            }
            position += componentLength;
        }
        return target.construct(arguments);
    }

    @Override
    int lengthAt(final DirectBuffer buffer, final int offset) {
        int position = offset;
        for (final BuiltInCodec<?> reader : readers) {
            position += reader.lengthAt(buffer, position);
        }
        return position - offset;
    }

    @Override
    int write(final R value, final MutableDirectBuffer buffer, final int offset, final int capacity) {
        return target.write(value, buffer, offset, capacity);
    }

    @Override
    public String identity() {
        return target.identity();
    }

    @Override
    Object defaultValue() {
        return target.defaultValue();
    }

    @Override
    public boolean isImmutable() {
        return target.isImmutable();
    }

    @Override
    public R copy(final R value) {
        return target.copy(value);
    }

    private static int indexOf(final RecordCodec<?> record, final String name) {
        for (int i = 0; i < record.componentCount(); i++) {
            if (record.componentName(i).equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The reader of a kept component: its current codec, or one that maps its older layout. */
    private static BuiltInCodec<?> readerOf(final RecordIdentity.Component written, final BuiltInCodec<Object> codec,
        final RecordCodec<?> owner) {
        final BuiltInCodec<?> reader = Evolution.readerOf(written.identity(), codec);
        if (reader == null) {
            throw new IncompatibleCodecException("component '" + written.name() + "' of " + owner.type().getName()
                + " changed from " + written.identity() + " to " + codec.identity()
                + "; a record restores with components added or removed, not with a component's type changed");
        }
        return reader;
    }

    /** What skips a removed component. */
    private static BuiltInCodec<?> layoutOf(final RecordIdentity.Component removed) {
        try {
            return Evolution.skipperOf(removed.identity());
        } catch (final IncompatibleCodecException e) {
            throw new IncompatibleCodecException("removed component '" + removed.name() + "': " + e.getMessage());
        }
    }

    /** A removed record component: only its length is ever needed. */
    static final class Skipped extends BuiltInCodec<Object> {
        private final BuiltInCodec<?>[] parts;

        Skipped(final BuiltInCodec<?>[] parts) {
            super(Object.class);
            this.parts = parts;
        }

        @Override
        int lengthAt(final DirectBuffer buffer, final int offset) {
            int position = offset;
            for (final BuiltInCodec<?> part : parts) {
                position += part.lengthAt(buffer, position);
            }
            return position - offset;
        }

        @Override
        public Object decode(final DirectBuffer buffer, final int offset, final int length) {
            return null;
        }

        @Override
        int write(final Object value, final MutableDirectBuffer buffer, final int offset, final int capacity) {
            throw new UnsupportedOperationException("a removed component is never written");
        }

        @Override
        public Object copy(final Object value) {
            return value;
        }
    }
}
