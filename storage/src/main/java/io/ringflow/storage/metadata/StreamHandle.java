package io.ringflow.storage.metadata;

/**
 * Where one closed output's bytes are: a file of the checkpoint directory (the whole file, or a
 * range of a subtask's shared log), or inlined into the metadata when shorter than
 * {@code state.storage.fs.memory-threshold}. Either way the length and the CRC32C cover every
 * byte, brackets included.
 *
 * @param fileName the file's name relative to the checkpoint directory, or null when inlined
 * @param inline   the bytes when inlined, or null
 * @param offset   where the bytes start in the file; 0 for a whole file and for inline bytes
 * @param length   the number of bytes
 * @param crc32c   the CRC32C of those bytes
 */
public record StreamHandle(String fileName, byte[] inline, long offset, long length, int crc32c) {
    public StreamHandle {
        if ((fileName == null) == (inline == null)) {
            throw new IllegalArgumentException("a stream is either a file or inline bytes");
        }
        if (inline != null && inline.length != length) {
            throw new IllegalArgumentException("inline length " + inline.length + " != " + length);
        }
        if (offset < 0 || inline != null && offset != 0) {
            throw new IllegalArgumentException("offset " + offset + " of " + (inline != null ? "inline bytes" : fileName));
        }
    }

    public static StreamHandle file(String fileName, long length, int crc32c) {
        return new StreamHandle(fileName, null, 0, length, crc32c);
    }

    /** {@code length} bytes from {@code offset} of a file that holds other streams too (a shared log). */
    public static StreamHandle range(String fileName, long offset, long length, int crc32c) {
        return new StreamHandle(fileName, null, offset, length, crc32c);
    }

    public static StreamHandle inline(byte[] bytes, int crc32c) {
        return new StreamHandle(null, bytes, 0, bytes.length, crc32c);
    }

    public boolean isInline() {
        return inline != null;
    }

    /** The file name, or {@code <inline>} for messages. */
    public String label() {
        return isInline() ? "<inline>" : offset == 0 ? fileName : fileName + "@" + offset;
    }

    @Override
    public String toString() {
        return label() + " (" + length + " bytes, crc32c " + String.format("%08x", crc32c) + ")";
    }
}
