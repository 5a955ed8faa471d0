package io.ringflow.connector;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.connector.Boundedness;
import io.ringflow.api.connector.InputStatus;
import io.ringflow.api.connector.ReaderOutput;
import io.ringflow.api.connector.Source;
import io.ringflow.api.connector.SourceReader;
import io.ringflow.api.connector.SourceReaderContext;
import io.ringflow.api.functions.GeneratorFunction;
import io.ringflow.graph.TypeExtraction;

/**
 * A deterministic source: subtask {@code i} of {@code p} emits the records of sequence numbers
 * {@code i, i+p, i+2p, ...} made by a generator function, optionally at a fixed total rate, up
 * to a count or forever. A reader's position is the next sequence number it will emit.
 */
public final class GeneratorSource<T> implements Source<T> {
    private static final long serialVersionUID = 1L;
    private final GeneratorFunction<T> generator;
    private final long count;
    private final double eventsPerSecond;
    private final Codec<T> codec;

    private GeneratorSource(GeneratorFunction<T> generator, long count, double eventsPerSecond, Codec<T> codec) {
        if (count < 0) {
            throw new IllegalArgumentException("record count must be >= 0, got " + count);
        }
        if (eventsPerSecond < 0 || Double.isNaN(eventsPerSecond)) {
            throw new IllegalArgumentException("rate must be >= 0 events/s (0 = unlimited), got " + eventsPerSecond);
        }
        this.generator = generator;
        this.count = count;
        this.eventsPerSecond = eventsPerSecond;
        this.codec = codec;
    }

    /** Emits the records of sequence numbers {@code 0 .. count-1}, then ends. */
    public static <T> GeneratorSource<T> bounded(long count, GeneratorFunction<T> generator) {
        return new GeneratorSource<>(generator, count, 0, null);
    }

    /** Emits records of sequence numbers {@code 0, 1, 2, ...} until cancelled. */
    public static <T> GeneratorSource<T> unbounded(GeneratorFunction<T> generator) {
        return new GeneratorSource<>(generator, Long.MAX_VALUE, 0, null);
    }

    /** Limits the total rate over all subtasks; a subtask that fell behind catches up back to back. */
    public GeneratorSource<T> withRate(double eventsPerSecond) {
        return new GeneratorSource<>(generator, count, eventsPerSecond, codec);
    }

    public GeneratorSource<T> withCodec(Codec<T> codec) {
        return new GeneratorSource<>(generator, count, eventsPerSecond, codec);
    }

    @Override
    public Boundedness boundedness() {
        return count == Long.MAX_VALUE ? Boundedness.CONTINUOUS_UNBOUNDED : Boundedness.BOUNDED;
    }

    @Override
    public Codec<T> codec() {
        return codec;
    }

    @Override
    public Class<?> producedType() {
        return codec != null ? codec.type() : TypeExtraction.typeArgument(generator, GeneratorFunction.class, 0);
    }

    @Override
    public Reader<T> createReader(SourceReaderContext context) {
        return new Reader<>(generator, count, context.subtaskIndex(), context.parallelism(),
            eventsPerSecond / context.parallelism());
    }

    /** The reader of one subtask. */
    public static final class Reader<T> implements SourceReader<T> {
        private final GeneratorFunction<T> generator;
        private final long count;
        private final int stride;
        private final double nanosPerEvent;
        private long nextSequence;
        private long emitted;
        private long startNanos;

        Reader(GeneratorFunction<T> generator, long count, int subtaskIndex, int parallelism, double eventsPerSecond) {
            this.generator = generator;
            this.count = count;
            this.stride = parallelism;
            this.nextSequence = subtaskIndex;
            this.nanosPerEvent = eventsPerSecond > 0 ? 1e9 / eventsPerSecond : 0;
        }

        @Override
        public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
            if (nextSequence >= count) {
                return InputStatus.END_OF_INPUT;
            }
            if (nanosPerEvent > 0) {
                long now = System.nanoTime();
                if (emitted == 0) {
                    startNanos = now;
                } else if (now - startNanos < (long) (emitted * nanosPerEvent)) {
                    return InputStatus.NOTHING_AVAILABLE;
                }
            }
            output.collect(generator.map(nextSequence));
            nextSequence += stride;
            emitted++;
            return nextSequence < count ? InputStatus.MORE_AVAILABLE : InputStatus.END_OF_INPUT;
        }

        @Override
        public byte[] snapshotPosition(long checkpointId) {
            return java.nio.ByteBuffer.allocate(Long.BYTES).putLong(nextSequence).array();
        }

        @Override
        public void restorePosition(byte[] position) {
            if (position.length != Long.BYTES) {
                throw new IllegalArgumentException("a generator position is 8 bytes, got " + position.length
                    + "; the checkpoint does not belong to this source");
            }
            nextSequence = java.nio.ByteBuffer.wrap(position).getLong();
        }

        /** The next sequence number this reader will emit: its checkpointable position. */
        public long position() {
            return nextSequence;
        }

        /** Continues from a position taken earlier, e.g. on restore. */
        public void seek(long position) {
            this.nextSequence = position;
        }
    }
}
