package io.ringflow.bench.jmh;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import io.ringflow.api.IdleStrategies;
import org.agrona.concurrent.IdleStrategy;
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
 * The yardstick of {@link RingThroughputBenchmark}'s {@code event24} hop: the same 24-byte record
 * through a bare Disruptor ring, one producer and one consumer, nothing of the engine. The
 * producer copies the record's three fields into a pre-allocated event; the consumer builds the
 * record back from them, as the engine's consumer decodes it; both wait with the same idle
 * strategy and the ring has as many slots. The engine's hop divided by this one is the share of a
 * bare hop the engine keeps with its off-heap slots, headers, codecs and barrier markers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BareDisruptorHopBenchmark {
    private static final int BATCH = 100; // as in RingThroughputBenchmark
    private static final int RING_SIZE = 4096;

    @Param({"busy-spin", "backoff"})
    public String idle;

    /** A ring slot: the record's fields, written in place. */
    static final class MutableEvent {
        long key;
        long value;
        long createdNanos;
    }

    private RingBuffer<MutableEvent> ring;
    private EventPoller<MutableEvent> poller;
    private PollingThread consumer;
    private IdleStrategy producerIdle;
    private BenchEvent[] records;
    /**
     * Written by the consumer for every record, so the JIT cannot drop the record it builds; in the
     * middle of an array of its own, off the cache lines of the fields the producer reads.
     */
    private final long[] checksum = new long[32];

    @Setup
    public void setUp() {
        ring = RingBuffer.createSingleProducer(MutableEvent::new, RING_SIZE, new BusySpinWaitStrategy());
        poller = ring.newPoller();
        ring.addGatingSequences(poller.getSequence());
        producerIdle = IdleStrategies.byName(idle).get();
        records = new BenchEvent[16];
        for (int i = 0; i < records.length; i++) {
            records[i] = new BenchEvent(i, 1_000L + i, System.nanoTime());
        }
        EventPoller.Handler<MutableEvent> handler = (event, sequence, endOfBatch) -> {
            checksum[16] += new BenchEvent(event.key, event.value, event.createdNanos).hashCode();
            return true;
        };
        consumer = new PollingThread("bare-consumer",
            () -> poller.poll(handler) == EventPoller.PollState.PROCESSING ? 1 : 0, IdleStrategies.byName(idle).get()).start();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void oneHop() {
        for (int i = 0; i < BATCH; i++) {
            BenchEvent record = records[i & 15];
            long sequence = tryNext();
            if (sequence < 0) {
                do {
                    producerIdle.idle();
                } while ((sequence = tryNext()) < 0);
                producerIdle.reset();
            }
            MutableEvent event = ring.get(sequence);
            event.key = record.key();
            event.value = record.value();
            event.createdNanos = record.createdNanos();
            ring.publish(sequence);
        }
    }

    private long tryNext() {
        try {
            return ring.tryNext();
        } catch (InsufficientCapacityException full) {
            return -1;
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
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (poller.getSequence().get() < ring.getCursor() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        consumer.stop();
    }
}
