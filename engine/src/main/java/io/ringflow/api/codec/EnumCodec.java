package io.ringflow.api.codec;

import java.util.ArrayList;
import java.util.List;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.ringflow.api.codec.CodecDescriptor.BYTE_ORDER;
import static io.ringflow.api.codec.CodecDescriptor.NULL_LENGTH;
import static org.agrona.BitUtil.SIZE_OF_INT;

/**
 * An enum constant as its ordinal, an int ({@code -1} for null). The constant names are in the
 * identity ({@code enum a.Side(BUY, SELL)}), so that state written before constants were
 * reordered, added or removed is read by name ({@link #reading}) and never by a stale ordinal.
 *
 * @param <E> the enum type
 */
final class EnumCodec<E extends Enum<E>> extends BuiltInCodec<E> {
    static final String PREFIX = "enum ";

    private final E[] constants;
    /** Per written ordinal, the constant it decodes to. */
    private final E[] byOrdinal;
    private final String identity;

    EnumCodec(final Class<E> type) {
        this(type, type.getEnumConstants());
    }

    private EnumCodec(final Class<E> type, final E[] byOrdinal) {
        super(type);
        this.constants = type.getEnumConstants();
        this.byOrdinal = byOrdinal;
        final StringBuilder id = new StringBuilder(PREFIX).append(type.getName()).append('(');
        for (int i = 0; i < constants.length; i++) {
            id.append(i == 0 ? "" : RecordIdentity.SEPARATOR).append(constants[i].name());
        }
        this.identity = id.append(')').toString();
    }

    /** The enum class of {@code type}, also when it is the body class of a constant. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static EnumCodec<?> of(final Class<?> type) {
        final Class<?> enumType = type.isEnum() ? type : type.getSuperclass();
        return new EnumCodec(enumType);
    }

    /** True for an enum class or the body class of one of its constants. */
    static boolean isEnum(final Class<?> type) {
        return type.isEnum() || (type.getSuperclass() != null && type.getSuperclass().isEnum());
    }

    /**
     * A codec reading ordinals written under the identity {@code written} as the constants of the
     * same names; null when {@code written} is not an enum of this class.
     *
     * @throws IncompatibleCodecException when a written constant no longer exists
     */
    @SuppressWarnings("unchecked")
    EnumCodec<E> reading(final String written) {
        final List<String> names = constantNames(written, type().getName());
        if (names == null) {
            return null;
        }
        final E[] mapped = (E[])java.lang.reflect.Array.newInstance(type(), names.size());
        for (int i = 0; i < mapped.length; i++) {
            mapped[i] = constant(names.get(i));
        }
        return new EnumCodec<>((Class<E>)type(), mapped);
    }

    private E constant(final String name) {
        for (final E constant : constants) {
            if (constant.name().equals(name)) {
                return constant;
            }
        }
        throw new IncompatibleCodecException("enum " + type().getName() + " no longer has the constant " + name
            + ", which it had when the checkpoint was written, so restored values may hold it; keep the constant (it"
            + " may move) or migrate the values");
    }

    /** The constant names of an enum identity of {@code className}, or null when it is not one. */
    static List<String> constantNames(final String identity, final String className) {
        final String head = PREFIX + className + "(";
        if (!identity.startsWith(head) || !identity.endsWith(")")) {
            return null;
        }
        final String body = identity.substring(head.length(), identity.length() - 1);
        final List<String> names = new ArrayList<>();
        for (final String name : body.split(RecordIdentity.SEPARATOR)) {
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    @Override
    int write(final E value, final MutableDirectBuffer buffer, final int offset, final int capacity) {
        if (capacity < SIZE_OF_INT) {
            return DOES_NOT_FIT;
        }
        buffer.putInt(offset, value == null ? NULL_LENGTH : value.ordinal(), BYTE_ORDER);
        return SIZE_OF_INT;
    }

    @Override
    public E decode(final DirectBuffer buffer, final int offset, final int length) {
        final int ordinal = buffer.getInt(offset, BYTE_ORDER);
        return ordinal == NULL_LENGTH ? null : byOrdinal[ordinal];
    }

    @Override
    int lengthAt(final DirectBuffer buffer, final int offset) {
        return SIZE_OF_INT;
    }

    @Override
    int fixedLength() {
        return SIZE_OF_INT;
    }

    @Override
    boolean acceptsNull() {
        return true;
    }

    @Override
    public String identity() {
        return identity;
    }

    @Override
    public boolean isImmutable() {
        return true;
    }

    @Override
    public E copy(final E value) {
        return value;
    }
}
