package io.ringflow.storage.file;

import static io.ringflow.storage.file.SnapshotFileDescriptor.BYTE_ORDER;

import io.ringflow.storage.CorruptCheckpointException;
import io.ringflow.storage.metadata.KeyGroupRange;
import org.agrona.DirectBuffer;

/**
 * Reads a state stream through its index: keyed chunks of a key-group range without touching
 * the others, and operator state chunks. The constructor checks brackets and the index bounds.
 */
public final class StateFileReader {
    private final DirectBuffer buffer;
    private final String label;
    private final int indexOffset;
    private final int entryCount;

    public StateFileReader(DirectBuffer buffer, String label) {
        this.buffer = buffer;
        this.label = label;
        int footer = Brackets.check(buffer, SnapshotFileDescriptor.TYPE_STATE, label);
        long index = buffer.getLong(footer + SnapshotFileDescriptor.FOOTER_VALUE_OFFSET, BYTE_ORDER);
        int count = buffer.getInt(footer + SnapshotFileDescriptor.FOOTER_COUNT_OFFSET, BYTE_ORDER);
        if (index < SnapshotFileDescriptor.HEADER_LENGTH || count < 0
            || index + (long) count * StateChunkDescriptor.ENTRY_LENGTH != footer) {
            throw new CorruptCheckpointException(label + ": index of " + count + " entries at " + index
                + " does not end at the footer (" + footer + ")");
        }
        this.indexOffset = (int) index;
        this.entryCount = count;
        for (int i = 0; i < count; i++) {
            checkChunk(i);
        }
    }

    /** Offset of the first chunk of {@code keyGroup}, or -1 when the stream has none. */
    public int keyGroupOffset(int keyGroup) {
        for (int i = 0; i < entryCount; i++) {
            int entry = StateChunkDescriptor.entryOffset(indexOffset, i);
            if (buffer.getInt(entry + StateChunkDescriptor.ENTRY_KEY_GROUP_OFFSET, BYTE_ORDER) == keyGroup
                && buffer.getInt(entry + StateChunkDescriptor.ENTRY_KIND_OFFSET, BYTE_ORDER)
                == StateChunkDescriptor.KIND_KEYED) {
                return (int) buffer.getLong(entry + StateChunkDescriptor.ENTRY_CHUNK_OFFSET, BYTE_ORDER);
            }
        }
        return -1;
    }

    /** Delivers the keyed chunks whose key group lies in {@code range}, in key-group order. */
    public void readKeyGroups(KeyGroupRange range, KeyGroupChunkHandler handler) {
        for (int i = 0; i < entryCount; i++) {
            int entry = StateChunkDescriptor.entryOffset(indexOffset, i);
            int keyGroup = buffer.getInt(entry + StateChunkDescriptor.ENTRY_KEY_GROUP_OFFSET, BYTE_ORDER);
            if (kind(entry) == StateChunkDescriptor.KIND_KEYED && range.contains(keyGroup)) {
                int chunk = chunkOffset(entry);
                int nameLength = buffer.getInt(chunk + StateChunkDescriptor.NAME_LENGTH_OFFSET, BYTE_ORDER);
                handler.onChunk(keyGroup, buffer, StateChunkDescriptor.payloadOffset(chunk, nameLength),
                    buffer.getInt(chunk + StateChunkDescriptor.PAYLOAD_LENGTH_OFFSET, BYTE_ORDER));
            }
        }
    }

    /** Delivers the operator state chunks in the order written. */
    public void readOperatorState(OperatorChunkHandler handler) {
        for (int i = 0; i < entryCount; i++) {
            int entry = StateChunkDescriptor.entryOffset(indexOffset, i);
            if (kind(entry) == StateChunkDescriptor.KIND_OPERATOR) {
                int chunk = chunkOffset(entry);
                int nameLength = buffer.getInt(chunk + StateChunkDescriptor.NAME_LENGTH_OFFSET, BYTE_ORDER);
                String name = buffer.getStringWithoutLengthUtf8(StateChunkDescriptor.nameOffset(chunk), nameLength);
                handler.onChunk(name, buffer, StateChunkDescriptor.payloadOffset(chunk, nameLength),
                    buffer.getInt(chunk + StateChunkDescriptor.PAYLOAD_LENGTH_OFFSET, BYTE_ORDER));
            }
        }
    }

    private int kind(int entry) {
        return buffer.getInt(entry + StateChunkDescriptor.ENTRY_KIND_OFFSET, BYTE_ORDER);
    }

    private int chunkOffset(int entry) {
        return (int) buffer.getLong(entry + StateChunkDescriptor.ENTRY_CHUNK_OFFSET, BYTE_ORDER);
    }

    private void checkChunk(int i) {
        int entry = StateChunkDescriptor.entryOffset(indexOffset, i);
        long chunk = buffer.getLong(entry + StateChunkDescriptor.ENTRY_CHUNK_OFFSET, BYTE_ORDER);
        if (chunk < SnapshotFileDescriptor.HEADER_LENGTH || chunk + StateChunkDescriptor.HEADER_LENGTH > indexOffset) {
            throw new CorruptCheckpointException(label + ": index entry " + i + " points outside the chunks");
        }
        int c = (int) chunk;
        long end = (long) StateChunkDescriptor.payloadOffset(c,
            buffer.getInt(c + StateChunkDescriptor.NAME_LENGTH_OFFSET, BYTE_ORDER))
            + buffer.getInt(c + StateChunkDescriptor.PAYLOAD_LENGTH_OFFSET, BYTE_ORDER);
        boolean sameKind = buffer.getInt(c + StateChunkDescriptor.KIND_OFFSET, BYTE_ORDER) == kind(entry);
        if (!sameKind || end > indexOffset || end < c) {
            throw new CorruptCheckpointException(label + ": chunk " + i + " at offset " + c + " is damaged");
        }
    }
}
