package io.ringflow.storage.file;

import io.ringflow.storage.metadata.StreamHandle;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.agrona.DirectBuffer;
import org.agrona.collections.IntArrayList;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Writes one subtask's state: keyed chunks in ascending key-group order, operator state chunks
 * by name, then on {@link #finish()} an index (key group → offset) and the end bracket. Layout
 * in {@link StateChunkDescriptor}. Confined to one thread at a time.
 */
public final class StateOutput {
    private static final int INDEX_CAPACITY = 136;
    private final SnapshotStreamWriter stream;
    private final Object label; // its toString is the name, built only for a message
    private final Consumer<StreamHandle> onFinish;
    // room for the default 128 key groups and a few operator chunks: grown from 10, they were copied seven times a stream
    private final LongArrayList chunkOffsets = new LongArrayList(INDEX_CAPACITY, Long.MIN_VALUE);
    private final IntArrayList chunkKeyGroups = new IntArrayList(INDEX_CAPACITY, Integer.MIN_VALUE);
    private final UnsafeBuffer heapSource = new UnsafeBuffer(new byte[0]);
    private int firstKeyGroup = -1;
    private int lastKeyGroup = -1;
    private StreamHandle handle;

    public StateOutput(SnapshotStreamWriter stream, Object label, Consumer<StreamHandle> onFinish) {
        this.stream = stream;
        this.label = label;
        this.onFinish = onFinish;
        Brackets.writeHeader(stream, SnapshotFileDescriptor.TYPE_STATE);
    }

    /** Appends a chunk of key group {@code keyGroup}, which must not be below the last one. */
    public void writeKeyGroup(int keyGroup, DirectBuffer src, int offset, int length) {
        checkOpen();
        if (keyGroup < 0 || keyGroup < lastKeyGroup) {
            throw new IllegalArgumentException(label + ": key group " + keyGroup + " written after " + lastKeyGroup
                + "; keyed chunks go in ascending key-group order");
        }
        if (firstKeyGroup < 0) {
            firstKeyGroup = keyGroup;
        }
        lastKeyGroup = keyGroup;
        writeChunk(StateChunkDescriptor.KIND_KEYED, keyGroup, null, src, offset, length);
    }

    public void writeKeyGroup(int keyGroup, byte[] src) {
        heapSource.wrap(src);
        writeKeyGroup(keyGroup, heapSource, 0, src.length);
    }

    /** Appends a chunk of operator (non-keyed) state called {@code name}. */
    public void writeOperatorState(String name, DirectBuffer src, int offset, int length) {
        checkOpen();
        writeChunk(StateChunkDescriptor.KIND_OPERATOR, StateChunkDescriptor.NO_KEY_GROUP,
            name.getBytes(StandardCharsets.UTF_8), src, offset, length);
    }

    public void writeOperatorState(String name, byte[] src) {
        heapSource.wrap(src);
        writeOperatorState(name, heapSource, 0, src.length);
    }

    /** The lowest key group written, or -1. */
    public int firstKeyGroup() {
        return firstKeyGroup;
    }

    /** The highest key group written, or -1. */
    public int lastKeyGroup() {
        return lastKeyGroup;
    }

    /** Writes the index and the end bracket and hands the stream to the checkpoint. */
    public StreamHandle finish() {
        checkOpen();
        long indexOffset = stream.position();
        for (int i = 0; i < chunkOffsets.size(); i++) {
            int keyGroup = chunkKeyGroups.getInt(i);
            stream.putLong(chunkOffsets.getLong(i));
            stream.putInt(keyGroup);
            stream.putInt(keyGroup == StateChunkDescriptor.NO_KEY_GROUP
                ? StateChunkDescriptor.KIND_OPERATOR : StateChunkDescriptor.KIND_KEYED);
        }
        Brackets.writeFooter(stream, indexOffset, chunkOffsets.size());
        handle = stream.finish();
        onFinish.accept(handle);
        return handle;
    }

    private void writeChunk(int kind, int keyGroup, byte[] name, DirectBuffer src, int offset, int length) {
        chunkOffsets.addLong(stream.position());
        chunkKeyGroups.addInt(keyGroup);
        stream.putInt(kind);
        stream.putInt(keyGroup);
        stream.putInt(name == null ? 0 : name.length);
        stream.putInt(length);
        if (name != null) {
            stream.putBytes(name, 0, name.length);
        }
        stream.putBytes(src, offset, length);
    }

    private void checkOpen() {
        if (handle != null) {
            throw new IllegalStateException(label + ": already finished");
        }
    }
}
