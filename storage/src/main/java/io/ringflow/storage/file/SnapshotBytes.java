package io.ringflow.storage.file;

import io.ringflow.storage.CorruptCheckpointException;
import io.ringflow.storage.metadata.StreamHandle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The bytes of one stream of a checkpoint, checked against its handle: a read-only mapping of
 * its file, or its inline bytes. Opening fails when the file is missing, has another length or
 * another CRC32C than the metadata says, naming the file and the checkpoint. The mapping is
 * lazy: once a stream's CRC32C was checked, reopening it without the check pages in only what
 * a reader touches, e.g. the index and the chunks of one key-group range.
 */
public final class SnapshotBytes implements AutoCloseable {
    /** A file not yet cut is longer than its stream by less than the chunks mapped past it. */
    private static final long MAX_UNCUT_TAIL = 2 * MappedFileWriter.CHUNK_BYTES;
    private final String label;
    private final UnsafeBuffer buffer;
    private final MappedByteBuffer mapping;

    private SnapshotBytes(String label, UnsafeBuffer buffer, MappedByteBuffer mapping) {
        this.label = label;
        this.buffer = buffer;
        this.mapping = mapping;
    }

    /**
     * @param dir        the checkpoint directory, or null for a heap checkpoint
     * @param handle     the stream to open
     * @param checkpoint the checkpoint's name, for messages
     * @param checkCrc   false when this stream's CRC32C was already checked in this process
     */
    public static SnapshotBytes open(Path dir, StreamHandle handle, String checkpoint, boolean checkCrc) {
        if (handle.isInline()) {
            String label = "inline stream of " + checkpoint;
            if (checkCrc) {
                checkCrc(ByteBuffer.wrap(handle.inline()), handle, label);
            }
            return new SnapshotBytes(label, new UnsafeBuffer(handle.inline()), null);
        }
        if (dir == null) {
            throw new CorruptCheckpointException(checkpoint + ": file " + handle.fileName() + " has no directory");
        }
        Path path = dir.resolve(handle.fileName());
        String label = handle.offset() == 0 ? path.toString() : path + " bytes " + handle.offset() + "+" + handle.length();
        MappedByteBuffer mapping;
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            String sizeProblem = sizeProblem(channel, handle);
            if (sizeProblem != null) {
                throw new CorruptCheckpointException(label + ": " + sizeProblem);
            }
            if (handle.length() > SnapshotFileDescriptor.MAX_STREAM_LENGTH) {
                throw new CorruptCheckpointException(label + ": " + handle.length() + " bytes is more than a stream may hold");
            }
            mapping = channel.map(FileChannel.MapMode.READ_ONLY, handle.offset(), handle.length());
        } catch (NoSuchFileException e) {
            throw new CorruptCheckpointException(label + ": missing (listed in the metadata of " + checkpoint + ")");
        } catch (IOException e) {
            throw new CorruptCheckpointException(label + ": cannot read: " + e, e);
        }
        try {
            if (checkCrc) {
                checkCrc(mapping.duplicate(), handle, label);
            }
        } catch (CorruptCheckpointException e) {
            IoUtil.unmap(mapping);
            throw e;
        }
        return new SnapshotBytes(label, new UnsafeBuffer(mapping), mapping);
    }

    /**
     * What is wrong with the size of the file {@code handle} names, or null: a range must fit in
     * its file, a whole file must hold the stream and at most zeros after it (a file whose cut
     * under {@code page-cache} was still to come, or never came because the process died).
     */
    public static String sizeProblem(FileChannel channel, StreamHandle handle) throws IOException {
        long size = channel.size();
        long end = handle.offset() + handle.length();
        if (size < end) {
            return "truncated, " + size + " bytes where the metadata says " + (handle.offset() == 0 ? "" : "at least ") + end;
        }
        if (handle.offset() == 0 && size > end && !onlyZeros(channel, end, size)) {
            return "too long, " + size + " bytes where the metadata says " + end + ", and not zeros after them";
        }
        return null;
    }

    /** Read, not mapped: the cut may shorten the file meanwhile, and a mapped read past its end faults. */
    private static boolean onlyZeros(FileChannel channel, long from, long to) throws IOException {
        if (to - from > MAX_UNCUT_TAIL) {
            return false;
        }
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        long position = from;
        while (position < to) {
            chunk.clear();
            int read = channel.read(chunk, position);
            if (read < 0) {
                return true; // cut meanwhile
            }
            chunk.flip();
            while (chunk.remaining() >= Long.BYTES) {
                if (chunk.getLong() != 0) {
                    return false;
                }
            }
            while (chunk.hasRemaining()) {
                if (chunk.get() != 0) {
                    return false;
                }
            }
            position += read;
        }
        return true;
    }

    /** The file's path or a name for inline bytes, for messages. */
    public String label() {
        return label;
    }

    public DirectBuffer buffer() {
        return buffer;
    }

    public int length() {
        return buffer.capacity();
    }

    @Override
    public void close() {
        if (mapping != null) {
            IoUtil.unmap(mapping);
        }
    }

    private static void checkCrc(ByteBuffer bytes, StreamHandle handle, String label) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        if ((int) crc.getValue() != handle.crc32c()) {
            throw new CorruptCheckpointException(label + ": checksum mismatch (crc32c "
                + String.format("%08x", (int) crc.getValue()) + ", metadata says "
                + String.format("%08x", handle.crc32c()) + ")");
        }
    }
}
