package io.ringflow.api.codec;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reading bytes written under an older {@link Codec#identity()}: the reader of a value kept in
 * the current type, and the skipper of a component the current type no longer has. Records and
 * POJOs map components by name, enums map constants by name, and collections, maps and optionals
 * read their elements with the reader of the elements' old layout.
 */
final class Evolution {
    private static final String LIST = List.class.getName() + "<";
    private static final String SET = java.util.Set.class.getName() + "<";
    private static final String MAP = Map.class.getName() + "<";
    private static final String OPTIONAL = Optional.class.getName() + "<";
    private static final String LENGTH_PREFIXED = "length-prefixed ";

    private Evolution() {
    }

    /**
     * A codec that decodes bytes written as {@code written} into values of {@code current}, and
     * writes as {@code current} does; null when the layouts do not correspond.
     *
     * @throws IncompatibleCodecException when they correspond but a value cannot be carried over
     */
    static BuiltInCodec<?> readerOf(final String written, final BuiltInCodec<?> current) {
        if (written.equals(current.identity())) {
            return current;
        }
        if (current instanceof RecordCodec<?> record) {
            final RecordIdentity old = RecordIdentity.parse(written);
            return old != null && old.className().equals(record.type().getName()) ? EvolvedRecordCodec.of(old, record) : null;
        }
        if (current instanceof EnumCodec<?> constants) {
            return constants.reading(written);
        }
        if (current instanceof CollectionCodec<?> collection) {
            final String prefix = collection.type().getName() + "<";
            final String elements = inner(written, prefix);
            final BuiltInCodec<?> reader = elements == null ? null : readerOf(elements, collection.elements());
            return reader == null ? null : collection.withElements(reader);
        }
        if (current instanceof MapCodec map) {
            final String entries = inner(written, MAP);
            final List<String> parts = entries == null ? List.of() : RecordIdentity.splitTopLevel(entries);
            if (parts.size() != 2) {
                return null;
            }
            final BuiltInCodec<?> keys = readerOf(parts.get(0), map.keys());
            final BuiltInCodec<?> values = readerOf(parts.get(1), map.values());
            return keys == null || values == null ? null : map.withReaders(keys, values);
        }
        if (current instanceof OptionalCodec optional) {
            final String value = inner(written, OPTIONAL);
            final BuiltInCodec<?> reader = value == null ? null : readerOf(value, optional.value());
            return reader == null ? null : new OptionalCodec(reader);
        }
        return null;
    }

    /**
     * What steps over a value written as {@code identity}: only its length is ever asked.
     *
     * @throws IncompatibleCodecException when the layout is not one this engine writes
     */
    static BuiltInCodec<?> skipperOf(final String identity) {
        final BuiltInCodec<?> builtIn = Codecs.builtInByIdentity(identity);
        if (builtIn != null) {
            return builtIn;
        }
        if (identity.startsWith(EnumCodec.PREFIX)) {
            return (BuiltInCodec<?>)Codecs.INT; // the ordinal
        }
        if (identity.startsWith(LENGTH_PREFIXED)) {
            return (BuiltInCodec<?>)Codecs.BYTE_ARRAY; // a byte count, then the bytes
        }
        final String list = inner(identity, LIST);
        if (list != null) {
            return new CollectionCodec<>(CollectionCodec.Kind.LIST, skipperOf(list), "");
        }
        final String set = inner(identity, SET);
        if (set != null) {
            return new CollectionCodec<>(CollectionCodec.Kind.SET, skipperOf(set), "");
        }
        final String map = inner(identity, MAP);
        if (map != null) {
            final List<String> parts = RecordIdentity.splitTopLevel(map);
            if (parts.size() == 2) {
                return new MapCodec(skipperOf(parts.get(0)), skipperOf(parts.get(1)), "");
            }
        }
        final String optional = inner(identity, OPTIONAL);
        if (optional != null) {
            return new OptionalCodec(skipperOf(optional));
        }
        final RecordIdentity record = RecordIdentity.parse(identity);
        if (record == null) {
            throw new IncompatibleCodecException("the layout " + identity + " is unknown and cannot be skipped");
        }
        final BuiltInCodec<?>[] parts = new BuiltInCodec<?>[record.components().size()];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = skipperOf(record.components().get(i).identity());
        }
        return new EvolvedRecordCodec.Skipped(parts);
    }

    /** What is between {@code prefix} and the closing {@code >} of {@code identity}, or null. */
    private static String inner(final String identity, final String prefix) {
        return identity.startsWith(prefix) && identity.endsWith(">")
            ? identity.substring(prefix.length(), identity.length() - 1) : null;
    }
}
