package io.ringflow.state.timer;

import io.ringflow.storage.metadata.KeyGroupRange;
import io.ringflow.state.KeyGroups;
import io.ringflow.state.TestCodecs;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InternalTimerServiceTest {
    private static final int MAX_PARALLELISM = 128;

    private final InternalTimerService<Long> timers = service(KeyGroupRange.all(MAX_PARALLELISM));
    private final List<String> fired = new ArrayList<>();
    private final TimerCallback<Long> record = (key, ts) -> fired.add(key + "@" + ts);

    @Test
    void shouldFireEventTimeTimersUpToTheWatermarkInTimestampOrder() {
        timers.registerEventTimeTimer(1L, 30);
        timers.registerEventTimeTimer(2L, 10);
        timers.registerEventTimeTimer(3L, 20);
        timers.registerEventTimeTimer(4L, 40);
        assertEquals(3, timers.advanceWatermark(30, record));
        assertEquals(List.of("2@10", "3@20", "1@30"), fired);
        assertEquals(30, timers.currentWatermark());
        assertEquals(1, timers.numEventTimeTimers());
        assertEquals(0, timers.advanceWatermark(39, record));
        assertEquals(1, timers.advanceWatermark(Long.MAX_VALUE, record));
        assertEquals("4@40", fired.get(3));
    }

    @Test
    void shouldDeduplicatePerKeyTimestampAndDomain() {
        assertTrue(timers.registerEventTimeTimer(1L, 10));
        assertFalse(timers.registerEventTimeTimer(1L, 10));
        assertTrue(timers.registerEventTimeTimer(2L, 10));
        assertTrue(timers.registerEventTimeTimer(1L, 11));
        assertTrue(timers.registerProcessingTimeTimer(1L, 10));
        assertEquals(3, timers.numEventTimeTimers());
        assertEquals(1, timers.numProcessingTimeTimers());
        timers.advanceWatermark(100, record);
        assertEquals(3, fired.size());
    }

    @Test
    void shouldNotFireDeletedTimers() {
        timers.registerEventTimeTimer(1L, 10);
        timers.registerEventTimeTimer(2L, 20);
        timers.registerProcessingTimeTimer(3L, 5);
        assertTrue(timers.deleteEventTimeTimer(1L, 10));
        assertFalse(timers.deleteEventTimeTimer(1L, 10));
        assertFalse(timers.deleteEventTimeTimer(2L, 21));
        assertTrue(timers.deleteProcessingTimeTimer(3L, 5));
        timers.advanceWatermark(100, record);
        timers.onProcessingTime(100, record);
        assertEquals(List.of("2@20"), fired);
        assertTrue(timers.registerEventTimeTimer(1L, 10), "a fired or deleted timer can be registered again");
    }

    @Test
    void shouldFireTimersThatTheCallbackRegistersWithinTheSameAdvance() {
        timers.registerEventTimeTimer(1L, 10);
        timers.advanceWatermark(50, (key, ts) -> {
            fired.add(key + "@" + ts);
            if (ts < 40) {
                timers.registerEventTimeTimer(key, ts + 15);
            }
            timers.registerEventTimeTimer(9L, 60);
            timers.deleteEventTimeTimer(5L, 45);
        });
        assertEquals(List.of("1@10", "1@25", "1@40"), fired);
        assertEquals(1, timers.numEventTimeTimers(), "only the one after the watermark is left");
    }

    @Test
    void shouldScheduleProcessingTimeTimers() {
        assertEquals(Long.MAX_VALUE, timers.nextProcessingTimeMs());
        timers.registerProcessingTimeTimer(1L, 1_000);
        timers.registerProcessingTimeTimer(2L, 500);
        assertEquals(500, timers.nextProcessingTimeMs());
        assertEquals(0, timers.onProcessingTime(499, record));
        assertEquals(1, timers.onProcessingTime(500, record));
        assertEquals(1_000, timers.nextProcessingTimeMs());
        timers.deleteProcessingTimeTimer(1L, 1_000);
        assertEquals(Long.MAX_VALUE, timers.nextProcessingTimeMs());
        assertEquals(List.of("2@500"), fired);
    }

    @Test
    void shouldRejectTimersOfKeysOutsideTheRange() {
        KeyGroupRange range = KeyGroups.rangeForSubtask(MAX_PARALLELISM, 4, 0);
        InternalTimerService<Long> quarter = service(range);
        long key = 0;
        while (range.contains(KeyGroups.assignToKeyGroup(key, MAX_PARALLELISM))) {
            key++;
        }
        long outside = key;
        assertThrows(IllegalArgumentException.class, () -> quarter.registerEventTimeTimer(outside, 1));
        assertThrows(NullPointerException.class, () -> quarter.registerEventTimeTimer(null, 1));
    }

    @Test
    void shouldRestoreTimersByKeyGroupAtAnotherParallelism() {
        InternalTimerService<Long> old = service(KeyGroupRange.all(MAX_PARALLELISM));
        for (long key = 0; key < 1000; key++) {
            old.registerEventTimeTimer(key, 1000 - key);
            old.registerProcessingTimeTimer(key, key * 2);
        }
        TimerSnapshot<Long> snapshot = old.snapshot();
        old.registerEventTimeTimer(5000L, 1);
        Map<Integer, byte[]> blocks = new TreeMap<>();
        snapshot.writeTo((keyGroup, block, offset, length) -> {
            byte[] bytes = new byte[length];
            block.getBytes(offset, bytes);
            blocks.put(keyGroup, bytes);
        });
        assertEquals(MAX_PARALLELISM, blocks.size());

        List<Long> eventFired = new ArrayList<>();
        int processingFired = 0;
        for (int i = 0; i < 3; i++) {
            KeyGroupRange range = KeyGroups.rangeForSubtask(MAX_PARALLELISM, 3, i);
            InternalTimerService<Long> restored = service(range);
            for (int kg = range.start(); kg <= range.end(); kg++) {
                restored.restoreKeyGroup(new UnsafeBuffer(blocks.get(kg)), 0, blocks.get(kg).length);
            }
            List<Long> mine = new ArrayList<>();
            restored.advanceWatermark(Long.MAX_VALUE, (key, ts) -> {
                assertEquals(1000 - key, ts);
                assertTrue(range.contains(KeyGroups.assignToKeyGroup(key, MAX_PARALLELISM)));
                mine.add(ts);
            });
            List<Long> sorted = new ArrayList<>(mine);
            sorted.sort(null);
            assertEquals(sorted, mine, "timestamp order after restore");
            eventFired.addAll(mine);
            processingFired += restored.onProcessingTime(Long.MAX_VALUE, (key, ts) -> assertEquals(key * 2, ts));
        }
        assertEquals(1000, eventFired.size(), "the timer registered after the snapshot is not in it");
        assertEquals(1000, processingFired);
    }

    @Test
    void shouldRejectARestoredKeyGroupOutsideTheRangeOrACorruptBlock() {
        timers.registerEventTimeTimer(1L, 1);
        int keyGroup = KeyGroups.assignToKeyGroup(1L, MAX_PARALLELISM);
        byte[][] block = new byte[1][];
        timers.snapshot().writeTo((kg, buffer, offset, length) -> {
            if (kg == keyGroup) {
                block[0] = new byte[length];
                buffer.getBytes(offset, block[0]);
            }
        });
        InternalTimerService<Long> other = service(new KeyGroupRange(keyGroup == 0 ? 1 : 0, keyGroup == 0 ? 1 : 0));
        assertThrows(IllegalArgumentException.class, () -> other.restoreKeyGroup(new UnsafeBuffer(block[0]), 0, block[0].length));
        assertThrows(IllegalStateException.class, () -> timers.restoreKeyGroup(new UnsafeBuffer(block[0]), 0, block[0].length - 1));
    }

    private static InternalTimerService<Long> service(KeyGroupRange range) {
        return new InternalTimerService<>(TestCodecs.LONG, MAX_PARALLELISM, range);
    }
}
