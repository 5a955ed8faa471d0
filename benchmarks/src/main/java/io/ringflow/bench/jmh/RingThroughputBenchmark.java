package io.ringflow.bench.jmh;

import io.ringflow.api.IdleStrategies;
import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.channel.Channel;
import io.ringflow.channel.SlotDescriptor;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.concurrent.TimeUnit;

/**
 * One-hop ring throughput: the benchmark thread encodes records into one {@link Channel}, a
 * second thread polls and decodes them, both waiting with the same idle strategy as a task
 * would. The score is records per second through the ring (each op is one record).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RingThroughputBenchmark {
    /** Records per benchmark call: amortises JMH's per-call overhead, which is close to a ring hop. */
    private static final int BATCH = 100;

    @Param({"busy-spin", "backoff"})
    public String idle;

    /** {@code long}: an 8-byte boxed Long; {@code event24}: the workloads' three-long record. */
    @Param({"long", "event24"})
    public String record;

    private Channel channel;
    private PollingThread consumer;
    private IdleStrategy producerIdle;
    private Codec<Object> codec;
    private Object[] records;
    /**
     * Written by the consumer for every record, so the JIT cannot drop the record it builds; in the
     * middle of an array of its own, off the cache lines of the fields the producer reads.
     */
    private final long[] checksum = new long[32];

    @Setup
    @SuppressWarnings("unchecked")
    public void setUp() {
        channel = new Channel("throughput", 4096, 64);
        producerIdle = IdleStrategies.byName(idle).get();
        Class<?> type = record.equals("long") ? Long.class : BenchEvent.class;
        codec = (Codec<Object>) Codecs.forClass(type);
        // A few distinct pre-built records: encoding, not allocation on the producer, is measured.
        records = new Object[16];
        for (int i = 0; i < records.length; i++) {
            records[i] = type == Long.class ? (Object) (1_000L + i) : new BenchEvent(i, 1_000L + i, System.nanoTime());
        }
        UnsafeBuffer buffer = channel.buffer();
        consumer = new PollingThread("ring-consumer", channel, (slot, sequence, endOfBatch) -> {
            int offset = slot.offset();
            int length = buffer.getInt(offset + SlotDescriptor.LENGTH_OFFSET);
            // Decoding is part of the hop: the downstream task must turn bytes back into a record.
            checksum[16] += codec.decode(buffer, SlotDescriptor.payloadOffset(offset), length).hashCode();
            return true;
        }, IdleStrategies.byName(idle).get()).start();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void oneHop() {
        for (int i = 0; i < BATCH; i++) {
            Object value = records[i & 15];
            if (!channel.tryWriteRecord(value, SlotDescriptor.NO_TIMESTAMP, codec, "benchmark")) {
                do {
                    producerIdle.idle();
                } while (!channel.tryWriteRecord(value, SlotDescriptor.NO_TIMESTAMP, codec, "benchmark"));
                producerIdle.reset();
            }
        }
    }

    /** The records the benchmark sends, in turn. */
    Object[] records() {
        return records.clone();
    }

    /** What the consumer added up from the records it built, for a test that the hop moved them. */
    long checksum() {
        return checksum[16];
    }

    @TearDown
    public void tearDown() throws InterruptedException {
        try {
            awaitDrained();
            consumer.stop();
        } finally {
            channel.close();
        }
    }

    /** The consumer must have read every published slot before the ring's memory is freed. */
    private void awaitDrained() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (channel.consumedSequence() < channel.publishedSequence() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
    }
}
