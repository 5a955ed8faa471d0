package io.ringflow.storage.file;

import java.nio.ByteOrder;

/**
 * Brackets shared by state files and in-flight files: a header that says what the file is and
 * a footer that proves it was written to the end. All integers are little-endian.
 *
 * <pre>
 * Header (at 0)
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                    BEGIN_MAGIC ("RFSB")                       |
 *  +---------------------------------------------------------------+
 *  |                      Format Version                           |
 *  +---------------------------------------------------------------+
 *  |                File Type (STATE=1, IN_FLIGHT=2)               |
 *  +---------------------------------------------------------------+
 *  |                         Reserved (0)                          |
 *  +---------------------------------------------------------------+
 *  |                    Body (chunks or records) ...              ...
 *
 * Footer (at length - FOOTER_LENGTH)
 *  +---------------------------------------------------------------+
 *  |     Footer Value: index offset (state) or record count         |
 *  |                         (in-flight), 64 bits                   |
 *  +---------------------------------------------------------------+
 *  |       Footer Count: index entries (state), 0 (in-flight)       |
 *  +---------------------------------------------------------------+
 *  |                      END_MAGIC ("RFSE")                       |
 *  +---------------------------------------------------------------+
 * </pre>
 */
public final class SnapshotFileDescriptor {
    public static final ByteOrder BYTE_ORDER = ByteOrder.LITTLE_ENDIAN;
    public static final int BEGIN_MAGIC = 0x42534652;
    public static final int END_MAGIC = 0x45534652;
    public static final int FORMAT_VERSION = 1;
    public static final int TYPE_STATE = 1;
    public static final int TYPE_IN_FLIGHT = 2;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 4;
    public static final int TYPE_OFFSET = 8;
    public static final int HEADER_LENGTH = 16;

    public static final int FOOTER_VALUE_OFFSET = 0;
    public static final int FOOTER_COUNT_OFFSET = 8;
    public static final int FOOTER_MAGIC_OFFSET = 12;
    public static final int FOOTER_LENGTH = 16;

    /** A stream this long cannot be read back through one mapping, so writing it fails early. */
    public static final long MAX_STREAM_LENGTH = Integer.MAX_VALUE - 8;

    private SnapshotFileDescriptor() {
    }

    /** Offset of the footer in a stream of {@code length} bytes. */
    public static int footerOffset(int length) {
        return length - FOOTER_LENGTH;
    }

    public static String typeName(int type) {
        return switch (type) {
            case TYPE_STATE -> "state";
            case TYPE_IN_FLIGHT -> "in-flight";
            default -> "unknown type " + type;
        };
    }
}
