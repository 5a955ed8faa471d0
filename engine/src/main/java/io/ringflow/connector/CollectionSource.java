package io.ringflow.connector;

import io.ringflow.api.connector.Boundedness;
import io.ringflow.api.connector.InputStatus;
import io.ringflow.api.connector.ReaderOutput;
import io.ringflow.api.connector.Source;
import io.ringflow.api.connector.SourceReader;
import io.ringflow.api.connector.SourceReaderContext;

import java.util.List;

/**
 * A bounded source over a list, mostly for tests; subtask i of p reads elements i, i+p, ... Its
 * position (the next index) is checkpointed, so a restore goes on where the checkpoint was taken.
 */
public final class CollectionSource<T> implements Source<T> {
    private static final long serialVersionUID = 1L;
    private final List<T> records;

    public CollectionSource(List<T> records) {
        this.records = records;
    }

    @Override
    public Boundedness boundedness() {
        return Boundedness.BOUNDED;
    }

    /** The common class of the records, when they all have the same one. */
    @Override
    public Class<?> producedType() {
        Class<?> type = null;
        for (T record : records) {
            if (type == null) {
                type = record.getClass();
            } else if (type != record.getClass()) {
                return null;
            }
        }
        return type;
    }

    @Override
    public SourceReader<T> createReader(SourceReaderContext context) {
        int stride = context.parallelism();
        return new SourceReader<>() {
            private int next = context.subtaskIndex();

            @Override
            public InputStatus pollNext(ReaderOutput<T> output) {
                if (next < records.size()) {
                    output.collect(records.get(next));
                    next += stride;
                }
                return next < records.size() ? InputStatus.MORE_AVAILABLE : InputStatus.END_OF_INPUT;
            }

            /** The index of the next element: a restore goes on from there instead of reading the list again. */
            @Override
            public byte[] snapshotPosition(long checkpointId) {
                return java.nio.ByteBuffer.allocate(Integer.BYTES).putInt(next).array();
            }

            @Override
            public void restorePosition(byte[] position) {
                if (position.length != Integer.BYTES) {
                    throw new IllegalArgumentException("a collection source's position is 4 bytes, got " + position.length
                        + "; the checkpoint does not belong to this source");
                }
                int restored = java.nio.ByteBuffer.wrap(position).getInt();
                if (restored < 0 || restored % stride != context.subtaskIndex() % stride) {
                    throw new IllegalArgumentException("collection source position " + restored + " is not one of subtask "
                        + context.subtaskIndex() + " of " + stride + "; the checkpoint does not belong to this source");
                }
                next = restored;
            }
        };
    }
}
