package io.ringflow.api;

import io.ringflow.api.codec.Codecs;
import io.ringflow.channel.Channel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A parked consumer is woken by what is published into its ring, not by the end of its park. */
@Timeout(30)
class WakeableBackoffIdleStrategyTest {
    private static final long HOUR = TimeUnit.HOURS.toNanos(1);

    @Test
    void shouldEndAParkAtOnceWhenWoken() throws Exception {
        WakeableBackoffIdleStrategy idle = new WakeableBackoffIdleStrategy(0, 0, HOUR, HOUR);
        CountDownLatch parkEnded = new CountDownLatch(1);
        Thread idler = new Thread(() -> {
            idle.idle(); // not idle -> spinning
            idle.idle(); // -> yielding
            idle.idle(); // -> parking
            idle.idle(); // parks for an hour unless woken
            parkEnded.countDown();
        }, "ringflow-test-idler");
        idler.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (parkEnded.getCount() > 0 && System.nanoTime() < deadline) {
                idle.wake(); // before the park starts it is lost, so keep waking until it ends
                Thread.sleep(1);
            }
            assertTrue(parkEnded.await(1, TimeUnit.SECONDS), "an hour's park must end when woken");
        } finally {
            idler.interrupt();
            idler.join(5_000);
        }
    }

    @Test
    void shouldWakeTheConsumerWhenARecordIsPublished() throws Exception {
        WakeableBackoffIdleStrategy idle = new WakeableBackoffIdleStrategy(0, 0, HOUR, HOUR);
        Channel channel = new Channel("a[0]->b[0]", 16, 64);
        channel.consumerIdlesWith(idle);
        AtomicLong received = new AtomicLong(-1);
        CountDownLatch consumed = new CountDownLatch(1);
        Thread consumer = new Thread(() -> {
            try {
                while (consumed.getCount() > 0) {
                    int work = channel.poll((slot, sequence, endOfBatch) -> {
                        received.set(Codecs.LONG.decode(channel.buffer(),
                            io.ringflow.channel.SlotDescriptor.payloadOffset(slot.offset()), 8));
                        consumed.countDown();
                        return true;
                    }) == com.lmax.disruptor.EventPoller.PollState.PROCESSING ? 1 : 0;
                    idle.idle(work); // ends parked for an hour on the empty ring
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "ringflow-test-consumer");
        consumer.start();
        try {
            waitUntilParked(consumer);
            assertTrue(channel.tryWriteRecord(42L, 0, Codecs.LONG, "test"));
            assertTrue(consumed.await(5, TimeUnit.SECONDS), "the publish must wake the parked consumer");
            assertEquals(42L, received.get());
        } finally {
            consumer.interrupt();
            consumer.join(5_000);
            channel.close();
        }
    }

    @Test
    void shouldRefuseBadPeriods() {
        assertThrows(IllegalArgumentException.class, () -> new WakeableBackoffIdleStrategy(1, 1, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> new WakeableBackoffIdleStrategy(1, 1, 10, 5));
    }

    private static void waitUntilParked(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(Thread.State.TIMED_WAITING, thread.getState(), "the consumer must be parked by now");
        Thread.sleep(20); // parked for good: past the volatile write that announces it
    }
}
