package io.ringflow.state;

/**
 * Layout of one key group of a keyed state snapshot, the unit a restore at another parallelism
 * picks. All ints are little-endian ({@link BlockWriter#ORDER}).
 *
 * <pre>
 *   0                   4                   8                   12
 *   +-------------------+-------------------+-------------------+
 *   | BEGIN_MARKER      | key group         | section count     |
 *   +-------------------+-------------------+-------------------+
 *   | section count x state section                             |
 *   +-------------------+---------------------------------------+
 *   | END_MARKER        |
 *   +-------------------+
 *
 *   state section:
 *   +----------+-----------+-------------+-------+-------------+--------------+---------+
 *   | name len | name UTF-8| kind : byte | type  | entry count | entries len  | entries |
 *   +----------+-----------+-------------+-------+-------------+--------------+---------+
 *   kind: the Kind ordinal, | StateType.TYPED when the type follows
 *   type: [len:int][value codec identity UTF-8], for map state then [len:int][map key codec identity UTF-8]
 *   entry: [key len:int][key bytes][value as StateValueCodec writes it for the kind]
 * </pre>
 *
 * A state without entries in the key group has no section. Sections written before types were
 * stored have no TYPED flag and no type, and restore unchecked. The entries length lets a reader
 * keep a section as bytes, unparsed, until its state is registered.
 */
final class KeyGroupBlockDescriptor {
    /** "RFKG" read as a little-endian int. */
    static final int BEGIN_MARKER = 0x474B4652;
    /** "KGND" read as a little-endian int. */
    static final int END_MARKER = 0x444E474B;
    static final int KEY_GROUP_OFFSET = 4;
    static final int SECTION_COUNT_OFFSET = 8;
    static final int HEADER_LENGTH = 12;

    private KeyGroupBlockDescriptor() {
    }
}
