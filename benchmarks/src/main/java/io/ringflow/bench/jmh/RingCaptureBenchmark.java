package io.ringflow.bench.jmh;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.channel.Channel;
import io.ringflow.channel.OffHeapMemory;
import io.ringflow.channel.SlotDescriptor;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * What capturing a ring's in-flight data costs, as an unaligned checkpoint would: copy every
 * slot byte of a full ring ({@code ringSize × slotSize}) into another off-heap buffer. The ring
 * is filled with real encoded records first, so the source pages are resident and warm.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RingCaptureBenchmark {
    @Param({"1024", "4096", "16384"})
    public int ringSize;

    @Param({"128"})
    public int slotSize;

    private Channel channel;
    private ByteBuffer targetMemory;
    private UnsafeBuffer target;
    private int bytes;

    @Setup
    public void setUp() {
        channel = new Channel("capture", ringSize, slotSize);
        Codec<BenchEvent> codec = Codecs.forClass(BenchEvent.class);
        long key = 0;
        // Nobody consumes: the ring is full once a write is refused.
        while (channel.tryWriteRecord(new BenchEvent(key, key * 2, System.nanoTime()), SlotDescriptor.NO_TIMESTAMP,
            codec, "capture")) {
            key++;
        }
        bytes = channel.ringSize() * channel.slotLength();
        targetMemory = OffHeapMemory.allocate(bytes);
        target = new UnsafeBuffer(targetMemory);
        target.setMemory(0, bytes, (byte) 0);
    }

    /** One capture of the whole ring; returns a byte of the copy so it cannot be dropped. */
    @Benchmark
    public long copyRing() {
        channel.buffer().getBytes(0, target, 0, bytes);
        return target.getLong(bytes - Long.BYTES);
    }

    @TearDown
    public void tearDown() {
        channel.close();
        OffHeapMemory.free(targetMemory);
    }
}
