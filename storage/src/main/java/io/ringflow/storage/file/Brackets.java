package io.ringflow.storage.file;

import static io.ringflow.storage.file.SnapshotFileDescriptor.BYTE_ORDER;

import io.ringflow.storage.CorruptCheckpointException;
import org.agrona.DirectBuffer;

/** Writes and checks the header and footer that bracket every state and in-flight stream. */
final class Brackets {
    private Brackets() {
    }

    static void writeHeader(SnapshotStreamWriter out, int type) {
        out.putInt(SnapshotFileDescriptor.BEGIN_MAGIC);
        out.putInt(SnapshotFileDescriptor.FORMAT_VERSION);
        out.putInt(type);
        out.putInt(0);
    }

    static void writeFooter(SnapshotStreamWriter out, long value, int count) {
        out.putLong(value);
        out.putInt(count);
        out.putInt(SnapshotFileDescriptor.END_MAGIC);
    }

    /** Checks both brackets of a whole stream and returns the footer's offset. */
    static int check(DirectBuffer buffer, int expectedType, String label) {
        int length = buffer.capacity();
        if (length < SnapshotFileDescriptor.HEADER_LENGTH + SnapshotFileDescriptor.FOOTER_LENGTH) {
            throw new CorruptCheckpointException(label + ": " + length + " bytes is too short for a "
                + SnapshotFileDescriptor.typeName(expectedType) + " file");
        }
        if (buffer.getInt(SnapshotFileDescriptor.MAGIC_OFFSET, BYTE_ORDER) != SnapshotFileDescriptor.BEGIN_MAGIC) {
            throw new CorruptCheckpointException(label + ": missing begin marker");
        }
        int version = buffer.getInt(SnapshotFileDescriptor.VERSION_OFFSET, BYTE_ORDER);
        if (version != SnapshotFileDescriptor.FORMAT_VERSION) {
            throw new CorruptCheckpointException(label + ": file format version " + version + " is not supported");
        }
        int type = buffer.getInt(SnapshotFileDescriptor.TYPE_OFFSET, BYTE_ORDER);
        if (type != expectedType) {
            throw new CorruptCheckpointException(label + ": a " + SnapshotFileDescriptor.typeName(type)
                + " file where a " + SnapshotFileDescriptor.typeName(expectedType) + " file was expected");
        }
        int footer = SnapshotFileDescriptor.footerOffset(length);
        if (buffer.getInt(footer + SnapshotFileDescriptor.FOOTER_MAGIC_OFFSET, BYTE_ORDER)
            != SnapshotFileDescriptor.END_MAGIC) {
            throw new CorruptCheckpointException(label + ": missing end marker (file not written to the end)");
        }
        return footer;
    }
}
