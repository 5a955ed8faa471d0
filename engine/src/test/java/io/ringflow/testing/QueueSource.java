package io.ringflow.testing;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.connector.Boundedness;
import io.ringflow.api.connector.InputStatus;
import io.ringflow.api.connector.ReaderOutput;
import io.ringflow.api.connector.Source;
import io.ringflow.api.connector.SourceReader;
import io.ringflow.api.connector.SourceReaderContext;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A source the test feeds while the job runs: one queue per subtask, records emitted in the
 * order offered, with an explicit end. It lets a test interleave input with clock moves and
 * observations, which makes time-based behaviour deterministic. Sources are not copied per
 * subtask, so the queues are shared with the test.
 */
public final class QueueSource<T> implements Source<T> {
    private static final long serialVersionUID = 1L;
    private static final Object END = new Object();

    private final transient ConcurrentLinkedQueue<Object>[] queues;
    private final transient Codec<T> codec;
    private final transient AtomicLong emitted = new AtomicLong();
    private final transient AtomicInteger readersPolling = new AtomicInteger();

    @SuppressWarnings("unchecked")
    public QueueSource(int parallelism, Codec<T> codec) {
        this.queues = new ConcurrentLinkedQueue[parallelism];
        for (int i = 0; i < parallelism; i++) {
            queues[i] = new ConcurrentLinkedQueue<>();
        }
        this.codec = codec;
    }

    /** Offers records to subtask {@code subtask}. */
    @SafeVarargs
    public final QueueSource<T> offer(int subtask, T... records) {
        for (T record : records) {
            queues[subtask].add(record);
        }
        return this;
    }

    /** Ends the input of every subtask after what was offered so far. */
    public void endAll() {
        for (ConcurrentLinkedQueue<Object> queue : queues) {
            queue.add(END);
        }
    }

    /** Records handed to the job so far, over all subtasks. */
    public long emitted() {
        return emitted.get();
    }

    /** Subtasks whose reader has polled at least once: their task is open and reads the clock. */
    public int readersPolling() {
        return readersPolling.get();
    }

    @Override
    public Boundedness boundedness() {
        return Boundedness.BOUNDED;
    }

    @Override
    public Codec<T> codec() {
        return codec;
    }

    @Override
    public Class<?> producedType() {
        return codec.type();
    }

    @Override
    public SourceReader<T> createReader(SourceReaderContext context) {
        if (context.parallelism() != queues.length) {
            throw new IllegalStateException("QueueSource made for parallelism " + queues.length + ", runs at "
                + context.parallelism());
        }
        ConcurrentLinkedQueue<Object> queue = queues[context.subtaskIndex()];
        return new SourceReader<>() {
            private boolean polled;

            @Override
            @SuppressWarnings("unchecked")
            public InputStatus pollNext(ReaderOutput<T> output) {
                if (!polled) {
                    polled = true;
                    readersPolling.incrementAndGet();
                }
                Object next = queue.poll();
                if (next == null) {
                    return InputStatus.NOTHING_AVAILABLE;
                }
                if (next == END) {
                    return InputStatus.END_OF_INPUT;
                }
                output.collect((T) next);
                emitted.incrementAndGet();
                return InputStatus.MORE_AVAILABLE;
            }
        };
    }
}
