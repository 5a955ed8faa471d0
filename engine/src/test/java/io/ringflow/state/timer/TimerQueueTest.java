package io.ringflow.state.timer;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class TimerQueueTest {
    /** (timestamp, key) pairs, ordered as the queue must hand them out by timestamp. */
    private record Entry(long timestamp, long key) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry o) {
            int byTime = Long.compare(timestamp, o.timestamp);
            return byTime != 0 ? byTime : Long.compare(key, o.key);
        }
    }

    @Test
    void shouldMatchASortedSetUnderRandomAddsRemovesAndPolls() {
        Random random = new Random(7);
        TimerQueue<Long> queue = new TimerQueue<>();
        TreeSet<Entry> model = new TreeSet<>();
        for (int op = 0; op < 200_000; op++) {
            long key = random.nextInt(500);
            long timestamp = random.nextInt(2000);
            int choice = random.nextInt(10);
            if (choice < 5) {
                assertEquals(model.add(new Entry(timestamp, key)), queue.add(key, timestamp, 0));
            } else if (choice < 8) {
                assertEquals(model.remove(new Entry(timestamp, key)), queue.remove(key, timestamp));
            } else if (!model.isEmpty()) {
                Timer<Long> head = queue.poll();
                Entry first = model.first();
                assertEquals(first.timestamp, head.timestamp);
                model.remove(new Entry(head.timestamp, head.key));
            }
            assertEquals(model.size(), queue.size());
        }
        long last = Long.MIN_VALUE;
        for (Timer<Long> t = queue.poll(); t != null; t = queue.poll()) {
            assertEquals(true, t.timestamp >= last);
            assertEquals(true, model.remove(new Entry(t.timestamp, t.key)));
            last = t.timestamp;
        }
        assertEquals(0, model.size());
        assertNull(queue.peek());
    }

    @Test
    void shouldFireTimersOfOneTimestampInTheSameOrderWhateverTheOrderTheyWereRegisteredIn() {
        java.util.List<Long> keys = new java.util.ArrayList<>();
        for (long key = 0; key < 300; key++) {
            keys.add(key);
        }
        java.util.List<Long> firstOrder = null;
        for (int shuffle = 0; shuffle < 5; shuffle++) {
            java.util.Collections.shuffle(keys, new Random(shuffle));
            TimerQueue<Long> queue = new TimerQueue<>();
            for (long key : keys) {
                queue.add(key, 1_000, (int) (key % 7)); // one timestamp, keys spread over key groups
                queue.add(key, 2_000, (int) (key % 7));
            }
            java.util.List<Long> fired = new java.util.ArrayList<>();
            int lastGroup = -1;
            for (Timer<Long> t = queue.poll(); t != null && t.timestamp == 1_000; t = queue.poll()) {
                assertEquals(true, t.keyGroup >= lastGroup, "key groups in order");
                lastGroup = t.keyGroup;
                fired.add(t.key);
            }
            assertEquals(300, fired.size());
            if (firstOrder == null) {
                firstOrder = fired;
            } else {
                assertEquals(firstOrder, fired, "registration order " + shuffle + " changed the firing order");
            }
        }
    }
}
