package io.ringflow.storage.file;

/**
 * Body of a state file: chunks in the order written (keyed chunks in ascending key group),
 * then an index with one entry per chunk, located by the footer.
 *
 * <pre>
 * Chunk
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                 Kind (KEYED=1, OPERATOR=2)                     |
 *  +---------------------------------------------------------------+
 *  |                 Key Group (-1 for operator state)              |
 *  +---------------------------------------------------------------+
 *  |                 Name Length (0 for keyed state)                |
 *  +---------------------------------------------------------------+
 *  |                 Payload Length                                 |
 *  +---------------------------------------------------------------+
 *  |                 Name (UTF-8) ...  Payload ...                 ...
 *
 * Index entry
 *  +---------------------------------------------------------------+
 *  |                 Chunk Offset, 64 bits                          |
 *  +---------------------------------------------------------------+
 *  |                 Key Group (-1 for operator state)              |
 *  +---------------------------------------------------------------+
 *  |                 Kind                                           |
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class StateChunkDescriptor {
    public static final int KIND_KEYED = 1;
    public static final int KIND_OPERATOR = 2;
    public static final int NO_KEY_GROUP = -1;

    public static final int KIND_OFFSET = 0;
    public static final int KEY_GROUP_OFFSET = 4;
    public static final int NAME_LENGTH_OFFSET = 8;
    public static final int PAYLOAD_LENGTH_OFFSET = 12;
    public static final int HEADER_LENGTH = 16;

    public static final int ENTRY_CHUNK_OFFSET = 0;
    public static final int ENTRY_KEY_GROUP_OFFSET = 8;
    public static final int ENTRY_KIND_OFFSET = 12;
    public static final int ENTRY_LENGTH = 16;

    private StateChunkDescriptor() {
    }

    /** Offset of the name of the chunk at {@code chunkOffset}. */
    public static int nameOffset(int chunkOffset) {
        return chunkOffset + HEADER_LENGTH;
    }

    /** Offset of the payload of the chunk at {@code chunkOffset} whose name is {@code nameLength} long. */
    public static int payloadOffset(int chunkOffset, int nameLength) {
        return chunkOffset + HEADER_LENGTH + nameLength;
    }

    /** Offset of index entry {@code i} of an index starting at {@code indexOffset}. */
    public static int entryOffset(int indexOffset, int i) {
        return indexOffset + i * ENTRY_LENGTH;
    }
}
