package io.ringflow.connector;

import io.ringflow.api.connector.Boundedness;
import io.ringflow.api.connector.InputStatus;
import io.ringflow.api.connector.ReaderOutput;
import io.ringflow.api.connector.Source;
import io.ringflow.api.connector.SourceReader;
import io.ringflow.api.connector.SourceReaderContext;

import java.util.List;

/** A bounded source over a list, mostly for tests; subtask i of p reads elements i, i+p, ... */
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
        };
    }
}
