package io.ringflow.demo;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.connector.Boundedness;
import io.ringflow.api.connector.InputStatus;
import io.ringflow.api.connector.ReaderOutput;
import io.ringflow.api.connector.Source;
import io.ringflow.api.connector.SourceReader;
import io.ringflow.api.connector.SourceReaderContext;

/**
 * An unbounded source whose input ends at a wall-clock deadline, so that a timed run ends as a
 * job does at the end of its input: windows fire, sinks commit, the job is FINISHED.
 */
final class TimedSource<T> implements Source<T> {
    private static final long serialVersionUID = 1L;
    private final Source<T> delegate;
    private final long deadlineMs;

    TimedSource(Source<T> delegate, long deadlineMs) {
        this.delegate = delegate;
        this.deadlineMs = deadlineMs;
    }

    @Override
    public Boundedness boundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public Codec<T> codec() {
        return delegate.codec();
    }

    @Override
    public Class<?> producedType() {
        return delegate.producedType();
    }

    @Override
    public SourceReader<T> createReader(SourceReaderContext context) throws Exception {
        SourceReader<T> reader = delegate.createReader(context);
        return new SourceReader<>() {
            private int polls;
            private boolean ended;

            @Override
            public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
                // Busy, the clock is read every 256 polls (a poll may take nanoseconds); idle, at every poll.
                if (ended || (polls++ & 255) == 0 && pastDeadline()) {
                    return InputStatus.END_OF_INPUT;
                }
                InputStatus status = reader.pollNext(output);
                return status == InputStatus.NOTHING_AVAILABLE && pastDeadline() ? InputStatus.END_OF_INPUT : status;
            }

            private boolean pastDeadline() {
                ended = ended || context.currentTimeMillis() >= deadlineMs;
                return ended;
            }

            @Override
            public byte[] snapshotPosition(long checkpointId) {
                return reader.snapshotPosition(checkpointId);
            }

            @Override
            public void restorePosition(byte[] position) {
                reader.restorePosition(position);
            }

            @Override
            public void notifyCheckpointComplete(long checkpointId) throws Exception {
                reader.notifyCheckpointComplete(checkpointId);
            }

            @Override
            public void close() throws Exception {
                reader.close();
            }
        };
    }
}
