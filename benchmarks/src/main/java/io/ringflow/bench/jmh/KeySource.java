package io.ringflow.bench.jmh;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.connector.Boundedness;
import io.ringflow.api.connector.InputStatus;
import io.ringflow.api.connector.ReaderOutput;
import io.ringflow.api.connector.Source;
import io.ringflow.api.connector.SourceReader;
import io.ringflow.api.connector.SourceReaderContext;

import java.nio.ByteBuffer;

/**
 * The checkpoint benchmarks' source: emits {@code seq % keys} for {@code seq = 0, 1, ...} (each
 * subtask its share), so the first {@code keys} records give every key its state. Idle, it then
 * stops emitting and the rings drain; under back-pressure it keeps emitting as fast as the
 * engine takes records, so the ring in front of the keyed tasks stays full. It tells the
 * {@link BarrierProbe} when it emits a barrier.
 */
final class KeySource implements Source<Long> {
    private static final long serialVersionUID = 1L;
    private final long keys;
    private final boolean unlimited;
    private final transient BarrierProbe probe;

    KeySource(long keys, boolean unlimited, BarrierProbe probe) {
        this.keys = keys;
        this.unlimited = unlimited;
        this.probe = probe;
    }

    @Override
    public Boundedness boundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public Codec<Long> codec() {
        return Codecs.LONG;
    }

    @Override
    public Class<?> producedType() {
        return Long.class;
    }

    @Override
    public SourceReader<Long> createReader(SourceReaderContext context) {
        return new Reader(keys, unlimited, context.subtaskIndex(), context.parallelism(), probe);
    }

    private static final class Reader implements SourceReader<Long> {
        private final long keys;
        private final boolean unlimited;
        private final int stride;
        private final int subtask;
        private final BarrierProbe probe;
        private long seq;

        Reader(long keys, boolean unlimited, int subtask, int parallelism, BarrierProbe probe) {
            this.keys = keys;
            this.unlimited = unlimited;
            this.stride = parallelism;
            this.subtask = subtask;
            this.probe = probe;
            this.seq = subtask;
        }

        @Override
        public InputStatus pollNext(ReaderOutput<Long> output) {
            if (!unlimited && seq >= keys) {
                return InputStatus.NOTHING_AVAILABLE;
            }
            output.collect(seq % keys);
            seq += stride;
            return InputStatus.MORE_AVAILABLE;
        }

        @Override
        public byte[] snapshotPosition(long checkpointId) {
            // Called on the source task as it emits the barrier.
            probe.atSource(subtask, System.nanoTime());
            return ByteBuffer.allocate(Long.BYTES).putLong(seq).array();
        }

        @Override
        public void restorePosition(byte[] position) {
            seq = ByteBuffer.wrap(position).getLong();
        }
    }
}
