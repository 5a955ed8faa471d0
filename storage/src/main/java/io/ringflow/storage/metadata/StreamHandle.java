package io.ringflow.storage.metadata;

/**
 * Where one closed output's bytes are: a file of the checkpoint directory, or inlined into the
 * metadata when shorter than {@code state.storage.fs.memory-threshold}. Either way the length
 * and the CRC32C cover every byte, brackets included.
 *
 * @param fileName the file's name inside the checkpoint directory, or null when inlined
 * @param inline   the bytes when inlined, or null
 * @param length   the number of bytes
 * @param crc32c   the CRC32C of those bytes
 */
public record StreamHandle(String fileName, byte[] inline, long length, int crc32c) {
    public StreamHandle {
        if ((fileName == null) == (inline == null)) {
            throw new IllegalArgumentException("a stream is either a file or inline bytes");
        }
        if (inline != null && inline.length != length) {
            throw new IllegalArgumentException("inline length " + inline.length + " != " + length);
        }
    }

    public static StreamHandle file(String fileName, long length, int crc32c) {
        return new StreamHandle(fileName, null, length, crc32c);
    }

    public static StreamHandle inline(byte[] bytes, int crc32c) {
        return new StreamHandle(null, bytes, bytes.length, crc32c);
    }

    public boolean isInline() {
        return inline != null;
    }

    /** The file name, or {@code <inline>} for messages. */
    public String label() {
        return isInline() ? "<inline>" : fileName;
    }

    @Override
    public String toString() {
        return label() + " (" + length + " bytes, crc32c " + String.format("%08x", crc32c) + ")";
    }
}
