package io.ringflow.bench.jmh;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The record codec alone, on the workloads' 24-byte record: encode into an off-heap slot, and
 * decode from it (a new record per call, as a task does for each record it reads).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CodecBenchmark {
    private final Codec<BenchEvent> codec = Codecs.forClass(BenchEvent.class);
    private final UnsafeBuffer slot = new UnsafeBuffer(ByteBuffer.allocateDirect(128));
    private BenchEvent event;
    private long sequence;

    @Setup
    public void setUp() {
        event = new BenchEvent(42, 7, 1_000_000);
        codec.encode(event, slot, 16, 112);
    }

    @Benchmark
    public int encode() {
        return codec.encode(event, slot, 16, 112);
    }

    @Benchmark
    public BenchEvent decode() {
        return codec.decode(slot, 16, 24);
    }

    /** A fresh record each time, so the encoder cannot keep one value in registers. */
    @Benchmark
    public int encodeFresh() {
        long n = sequence++;
        return codec.encode(new BenchEvent(n, n * 2, n), slot, 16, 112);
    }
}
