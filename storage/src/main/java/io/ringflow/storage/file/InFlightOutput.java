package io.ringflow.storage.file;

import io.ringflow.storage.metadata.StreamHandle;
import java.util.function.ObjLongConsumer;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Appends one channel's in-flight records, length-prefixed, in ring order; {@link #finish()}
 * writes the record count and the end bracket. Layout in {@link InFlightRecordDescriptor}.
 * Confined to one thread at a time.
 */
public final class InFlightOutput {
    private final SnapshotStreamWriter stream;
    private final Object label; // its toString is the name, built only for a message
    private final ObjLongConsumer<StreamHandle> onFinish;
    private final UnsafeBuffer heapSource = new UnsafeBuffer(new byte[0]);
    private long recordCount;
    private StreamHandle handle;

    public InFlightOutput(SnapshotStreamWriter stream, Object label, ObjLongConsumer<StreamHandle> onFinish) {
        this.stream = stream;
        this.label = label;
        this.onFinish = onFinish;
        Brackets.writeHeader(stream, SnapshotFileDescriptor.TYPE_IN_FLIGHT);
    }

    /** Appends the record held in {@code src[offset, offset + length)}. */
    public void append(DirectBuffer src, int offset, int length) {
        if (handle != null) {
            throw new IllegalStateException(label + ": already finished");
        }
        stream.putLengthPrefixed(src, offset, length);
        recordCount++;
    }

    /**
     * Appends {@code records} records already framed as this file frames them (a little-endian
     * int length, then the record), in one copy.
     */
    public void appendFramed(DirectBuffer src, int offset, int length, int records) {
        if (handle != null) {
            throw new IllegalStateException(label + ": already finished");
        }
        stream.putBytes(src, offset, length);
        recordCount += records;
    }

    public void append(byte[] record) {
        heapSource.wrap(record);
        append(heapSource, 0, record.length);
    }

    public long recordCount() {
        return recordCount;
    }

    /** Writes the footer and hands the stream to the checkpoint. */
    public StreamHandle finish() {
        if (handle != null) {
            throw new IllegalStateException(label + ": already finished");
        }
        Brackets.writeFooter(stream, recordCount, 0);
        handle = stream.finish();
        onFinish.accept(handle, recordCount);
        return handle;
    }
}
