package io.ringflow.bench.harness;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import io.ringflow.channel.OffHeapMemory;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How fast this machine moves records between two cores right now: a bare Disruptor hop (one
 * producer, one polling consumer, 4,096 slots of 128 bytes off-heap, a 40-byte write per slot,
 * nothing of the engine), run for a fraction of a second beside a W1 run. On the shared 2-vCPU
 * machine the figures were taken on, this rate moved between about 27, 15, 7 and 4 M hops/s from
 * one second to the next (the host's placement of the two vCPUs, not the JVM), and W1 moves with
 * it; recorded with every W1 run so a reader can tell a slow engine from a slow moment.
 */
final class CrossCoreProbe {
    private static final int RING_SIZE = 4096;
    private static final int SLOT_LENGTH = 128;

    private CrossCoreProbe() {
    }

    /** The hop rate in millions per second over {@code measureMs}, after {@code warmupMs} of the same. */
    static double hopsPerSecondMillions(long warmupMs, long measureMs) throws InterruptedException {
        Result result = run(warmupMs, measureMs);
        return Math.round(result.hops() / (result.nanos() / 1e9) / 1e4) / 100.0;
    }

    /** Hops published over the measured time, that time, and the sums of all values written and read (equal when every hop arrived once). */
    record Result(long hops, long nanos, long producedSum, long consumedSum) {
    }

    static Result run(long warmupMs, long measureMs) throws InterruptedException {
        ByteBuffer memory = OffHeapMemory.allocate(RING_SIZE * SLOT_LENGTH);
        try {
            UnsafeBuffer buffer = new UnsafeBuffer(memory);
            RingBuffer<long[]> ring = RingBuffer.createSingleProducer(() -> new long[1], RING_SIZE, new BusySpinWaitStrategy());
            EventPoller<long[]> poller = ring.newPoller();
            ring.addGatingSequences(poller.getSequence());
            AtomicLong producedSum = new AtomicLong();
            long[] consumed = new long[2]; // count, payload sum: the consumer thread's until it is joined
            AtomicBoolean stop = new AtomicBoolean();
            AtomicBoolean producerDone = new AtomicBoolean();
            Thread consumer = new Thread(() -> {
                EventPoller.Handler<long[]> handler = (slot, sequence, endOfBatch) -> {
                    int offset = (int) (sequence & (RING_SIZE - 1)) * SLOT_LENGTH;
                    consumed[1] += buffer.getLong(offset + 16);
                    consumed[0]++;
                    return true;
                };
                try {
                    while (true) {
                        if (poller.poll(handler) != EventPoller.PollState.PROCESSING) {
                            // done once the producer stopped and everything it published was read
                            if (producerDone.get() && poller.getSequence().get() == ring.getCursor()) {
                                return;
                            }
                            Thread.onSpinWait();
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "cross-core-probe-consumer");
            Thread producer = new Thread(() -> {
                long value = 0;
                long sum = 0;
                while (!stop.get()) {
                    long sequence;
                    try {
                        sequence = ring.tryNext();
                    } catch (InsufficientCapacityException full) {
                        Thread.onSpinWait();
                        continue;
                    }
                    int offset = (int) (sequence & (RING_SIZE - 1)) * SLOT_LENGTH;
                    buffer.putInt(offset, 24);
                    buffer.putInt(offset + 4, 1);
                    buffer.putLong(offset + 8, value);
                    buffer.putLong(offset + 16, value);
                    buffer.putLong(offset + 24, value * 2);
                    buffer.putLong(offset + 32, System.nanoTime());
                    ring.publish(sequence);
                    sum += value++;
                }
                producedSum.set(sum);
            }, "cross-core-probe-producer");
            consumer.setDaemon(true);
            producer.setDaemon(true);
            consumer.start();
            producer.start();
            Thread.sleep(warmupMs);
            long startCursor = ring.getCursor();
            long startNs = System.nanoTime();
            Thread.sleep(measureMs);
            long endCursor = ring.getCursor();
            long endNs = System.nanoTime();
            stop.set(true);
            producer.join();
            producerDone.set(true);
            consumer.join();
            return new Result(endCursor - startCursor, endNs - startNs, producedSum.get(), consumed[1]);
        } finally {
            OffHeapMemory.free(memory);
        }
    }
}
