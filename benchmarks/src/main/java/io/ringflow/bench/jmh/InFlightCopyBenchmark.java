package io.ringflow.bench.jmh;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.channel.Channel;
import io.ringflow.channel.SlotDescriptor;
import io.ringflow.storage.StorageOptions;
import io.ringflow.storage.file.InFlightOutput;
import io.ringflow.storage.file.SnapshotStreamWriter;
import io.ringflow.storage.file.StreamFile;
import org.agrona.ExpandableArrayBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What an unaligned checkpoint's in-flight copy costs on the snapshot writer: every record of a
 * full ring of W3's 24-byte records, through {@code Channel.copyRecords}, framed into an
 * in-flight stream with the default write buffer and CRC32C. The stream spills into a file that
 * keeps nothing, so the figure is the copy and framing, not the page cache.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class InFlightCopyBenchmark {
    @Param({"4096"})
    public int ringSize;

    /** Whether another thread wrote every line of the ring just before each copy, as a source does in W3. */
    @Param({"false", "true"})
    public boolean dirtied;

    private Channel channel;
    private long lastSequence;
    private final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(256);
    private final DiscardingFile file = new DiscardingFile();

    @Setup
    public void setUp() {
        channel = new Channel("in-flight", ringSize, 128);
        Codec<BenchEvent> codec = Codecs.forClass(BenchEvent.class);
        long key = 0;
        // Nobody consumes: the ring is full once a write is refused.
        while (channel.tryWriteRecord(new BenchEvent(key, key * 2, System.nanoTime()), SlotDescriptor.NO_TIMESTAMP,
            codec, "in-flight")) {
            key++;
        }
        lastSequence = key - 1;
    }

    /** Rewrites every cache line of the ring on another thread, keeping its bytes, so that the copy reads it from that core. */
    @Setup(Level.Invocation)
    public void dirty() throws InterruptedException {
        if (!dirtied) {
            return;
        }
        org.agrona.concurrent.UnsafeBuffer ring = channel.buffer();
        Thread writer = new Thread(() -> {
            for (int offset = 0; offset + Long.BYTES <= ring.capacity(); offset += 64) {
                ring.putLong(offset, ring.getLong(offset));
            }
        });
        writer.start();
        writer.join();
    }

    /** The ring's bytes in one copy, slot headers and unused slot tails included: what a copy of raw slots would cost. */
    @Benchmark
    public long copyRingBulk() {
        SnapshotStreamWriter stream = SnapshotStreamWriter.toFile(StorageOptions.DEFAULT_WRITE_BUFFER_SIZE,
            StorageOptions.DEFAULT_MEMORY_THRESHOLD, () -> file, false);
        stream.putBytes(channel.buffer(), 0, channel.buffer().capacity());
        stream.finish();
        return file.length;
    }

    /** One copy of the whole ring; returns the stream's record count so it cannot be dropped. */
    @Benchmark
    public long copyRing() {
        SnapshotStreamWriter stream = SnapshotStreamWriter.toFile(StorageOptions.DEFAULT_WRITE_BUFFER_SIZE,
            StorageOptions.DEFAULT_MEMORY_THRESHOLD, () -> file, false);
        InFlightOutput out = new InFlightOutput(stream, "in-flight", (handle, records) -> { });
        channel.copyRecords(-1, lastSequence, new Channel.InFlightSink() {
            @Override
            public void accept(org.agrona.DirectBuffer buffer, int offset, int length) {
                out.append(buffer, offset, length);
            }
        }, scratch);
        out.finish();
        return out.recordCount() + file.length;
    }

    @TearDown
    public void tearDown() {
        channel.close();
    }

    /** Counts the bytes it is given and keeps none. */
    private static final class DiscardingFile implements StreamFile {
        private long length;

        @Override
        public void write(byte[] src, int offset, int count) {
            length += count;
        }

        @Override
        public Path path() {
            return Path.of("discarded");
        }

        @Override
        public long offset() {
            return 0;
        }

        @Override
        public long length() {
            return length;
        }

        @Override
        public void finish(boolean flush) {
        }

        @Override
        public void abort() {
        }
    }
}
