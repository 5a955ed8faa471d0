package io.ringflow.testing;

import io.ringflow.api.connector.Boundedness;
import io.ringflow.api.connector.Source;
import io.ringflow.api.connector.SourceReader;
import io.ringflow.api.connector.SourceReaderContext;

import java.io.Serializable;

/** A bounded source of longs whose reader a test writes per subtask, e.g. one subtask ending early. */
public final class SubtaskSource implements Source<Long> {
    private static final long serialVersionUID = 1L;
    private final ReaderFactory readers;

    /** Makes the reader of one subtask. */
    @FunctionalInterface
    public interface ReaderFactory extends Serializable {
        SourceReader<Long> create(int subtaskIndex);
    }

    public SubtaskSource(ReaderFactory readers) {
        this.readers = readers;
    }

    @Override
    public Boundedness boundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public Class<?> producedType() {
        return Long.class;
    }

    @Override
    public SourceReader<Long> createReader(SourceReaderContext context) {
        return readers.create(context.subtaskIndex());
    }
}
