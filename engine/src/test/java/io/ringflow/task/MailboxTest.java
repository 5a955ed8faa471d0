package io.ringflow.task;

import org.junit.jupiter.api.Test;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MailboxTest {
    @Test
    void shouldRunPostedActionsInOrderOnDrain() {
        Mailbox mailbox = new Mailbox();
        List<Integer> ran = new ArrayList<>();
        assertEquals(0, mailbox.drain());
        for (int i = 0; i < 3; i++) {
            int action = i;
            mailbox.post(() -> ran.add(action));
        }
        assertEquals(List.of(), ran, "nothing runs before the task drains");
        assertEquals(3, mailbox.drain());
        assertEquals(List.of(0, 1, 2), ran);
        assertEquals(0, mailbox.drain());
    }

    @Test
    void shouldKeepEveryActionPostedWhileTheTaskDoesNotDrain() {
        Mailbox mailbox = new Mailbox();
        int[] ran = new int[1];
        int posted = 3 * Mailbox.DRAIN_LIMIT + 7; // a task stuck in user code while checkpoints expire
        for (int i = 0; i < posted; i++) {
            mailbox.post(() -> ran[0]++);
        }
        int drained = 0;
        int drains = 0;
        for (int n; (n = mailbox.drain()) > 0; drains++) {
            drained += n;
        }
        assertEquals(posted, drained);
        assertEquals(posted, ran[0]);
        assertEquals(4, drains, "at most DRAIN_LIMIT actions per drain");
    }

    @Test
    void shouldLeaveAnActionPostedByAnActionToTheNextDrainOnceTheLimitIsReached() {
        Mailbox mailbox = new Mailbox();
        int[] ran = new int[1];
        Runnable[] again = new Runnable[1];
        again[0] = () -> {
            ran[0]++;
            mailbox.post(again[0]);
        };
        mailbox.post(again[0]);
        assertEquals(Mailbox.DRAIN_LIMIT, mailbox.drain(), "an action that re-posts itself does not hold the task");
        assertEquals(Mailbox.DRAIN_LIMIT, ran[0]);
    }

    @Test
    void shouldWakeATaskParkedByItsIdleStrategyWhenAnActionIsPosted() throws Exception {
        Mailbox mailbox = new Mailbox();
        // parks for an hour at once: only the post's wake-up can end the wait in time
        IdleStrategy idle = new BackoffIdleStrategy(0, 0, TimeUnit.HOURS.toNanos(1), TimeUnit.HOURS.toNanos(1));
        CountDownLatch parked = new CountDownLatch(1);
        CountDownLatch ran = new CountDownLatch(1);
        Thread task = new Thread(() -> {
            mailbox.ownedBy(Thread.currentThread());
            while (ran.getCount() > 0 && !Thread.currentThread().isInterrupted()) {
                if (mailbox.drain() == 0) {
                    parked.countDown();
                    idle.idle();
                }
            }
        }, "ringflow-test-mailbox-owner");
        task.start();
        try {
            assertTrue(parked.await(10, TimeUnit.SECONDS));
            awaitParked(task);
            mailbox.post(ran::countDown);
            assertTrue(ran.await(30, TimeUnit.SECONDS), "the posted action waited out the park");
        } finally {
            task.interrupt();
            task.join(10_000);
        }
    }

    private static void awaitParked(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertEquals(Thread.State.TIMED_WAITING, thread.getState());
    }
}
