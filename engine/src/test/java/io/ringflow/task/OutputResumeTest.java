package io.ringflow.task;

import io.ringflow.api.codec.Codecs;
import io.ringflow.channel.Channel;
import io.ringflow.graph.Partitioning;
import io.ringflow.testing.Eventually;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A task whose output ring filled takes no more input until an eighth of the ring is free again,
 * then fills those slots in one batch: a producer held back by a slow consumer does not wake
 * for every slot freed. Real ring, task on its own thread, the test consuming slot by slot.
 */
@Timeout(60)
class OutputResumeTest {
    private static final int RING_SIZE = 64;
    private static final int RESUME_AT = RING_SIZE / 8;

    @Test
    void shouldTakeInputAgainOnlyOnceAnEighthOfTheFullRingIsFree() throws Exception {
        Channel channel = new Channel("resume-test", RING_SIZE, 32);
        Backpressure backpressure = TestTasks.backpressure();
        NetworkOutput<Long> output = new NetworkOutput<>(new Channel[] {channel}, Partitioning.FORWARD, null,
            Codecs.LONG, 128, 0, "resume test", backpressure);
        List<Integer> batches = new CopyOnWriteArrayList<>();
        TaskInput numbers = new TaskInput() {
            private long next;

            @Override
            public int process(int limit) {
                if (limit > 0) {
                    batches.add(limit);
                }
                for (int i = 0; i < limit; i++) {
                    output.collect(next++, 0L);
                }
                return limit;
            }

            @Override
            public boolean isFinished() {
                return false;
            }
        };
        Task task = TestTasks.task("resume-test", numbers, output, backpressure, new YieldingIdleStrategy(),
            (exited, failure) -> { });
        Thread thread = new Thread(task, "resume-test");
        thread.start();
        try {
            Eventually.await("the ring is full",
                () -> channel.publishedSequence() - channel.consumedSequence() == RING_SIZE, channel::describe);
            long published = channel.publishedSequence();
            for (int free = 1; free < RESUME_AT; free++) {
                consumeOne(channel);
                Thread.sleep(20); // the task goes round its loop thousands of times meanwhile
                assertEquals(published, channel.publishedSequence(), "input taken with " + free + " free slots");
            }
            consumeOne(channel);
            Eventually.await(RESUME_AT + " more records published", () -> channel.publishedSequence() == published + RESUME_AT,
                channel::describe);
            assertEquals(RESUME_AT, batches.get(batches.size() - 1), "one batch refilled the free slots: " + batches);
            assertTrue(batches.size() <= 3, "a full ring of " + RING_SIZE + " and one refill, in few batches: " + batches);
        } finally {
            task.cancel();
            thread.join(10_000);
            channel.close();
        }
    }

    private static void consumeOne(Channel channel) throws Exception {
        long before = channel.consumedSequence();
        channel.poll((slot, sequence, endOfBatch) -> false);
        assertEquals(before + 1, channel.consumedSequence());
    }
}
