package io.ringflow.state;

import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Key groups decoded on the calling thread and on helper threads: each once, failures and class loader carried. */
class ParallelKeyGroupsTest {
    private static final int KEY_GROUPS = 128;

    @Test
    void shouldRunEveryKeyGroupExactlyOnceAndLetAHelperTakeSome() {
        AtomicIntegerArray runs = new AtomicIntegerArray(KEY_GROUPS);
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        ParallelKeyGroups.forEach(KEY_GROUPS, 1_000_000, i -> {
            runs.incrementAndGet(i);
            threads.add(Thread.currentThread());
            sleepMillis(1); // gives a helper time to start and claim some
        });
        for (int i = 0; i < KEY_GROUPS; i++) {
            assertEquals(1, runs.get(i), "key group " + i);
        }
        if (ParallelKeyGroups.helpers() > 0) {
            assertTrue(threads.size() > 1, "a helper decoded some key groups: " + threads);
            assertTrue(threads.contains(Thread.currentThread()), "the caller claims key groups too");
        }
    }

    @Test
    void shouldStayOnTheCallerForASmallState() {
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        AtomicIntegerArray runs = new AtomicIntegerArray(KEY_GROUPS);
        ParallelKeyGroups.forEach(KEY_GROUPS, ParallelKeyGroups.MIN_ENTRIES - 1, i -> {
            runs.incrementAndGet(i);
            threads.add(Thread.currentThread());
        });
        assertEquals(Set.of(Thread.currentThread()), threads);
        for (int i = 0; i < KEY_GROUPS; i++) {
            assertEquals(1, runs.get(i));
        }
    }

    @Test
    void shouldThrowTheFailureOfAnyKeyGroupOnTheCaller() {
        IllegalStateException corrupt = new IllegalStateException("key group 77 is corrupt");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () ->
            ParallelKeyGroups.forEach(KEY_GROUPS, 1_000_000, i -> {
                sleepMillis(1);
                if (i == 77) {
                    throw corrupt;
                }
            }));
        assertSame(corrupt, thrown);
    }

    @Test
    void shouldDecodeWithTheCallersContextClassLoader() {
        Thread self = Thread.currentThread();
        ClassLoader own = self.getContextClassLoader();
        ClassLoader jobs = new ClassLoader(own) { };
        Set<ClassLoader> seen = ConcurrentHashMap.newKeySet();
        self.setContextClassLoader(jobs);
        try {
            ParallelKeyGroups.forEach(KEY_GROUPS, 1_000_000, i -> {
                seen.add(Thread.currentThread().getContextClassLoader());
                sleepMillis(1);
            });
        } finally {
            self.setContextClassLoader(own);
        }
        assertEquals(Set.of(jobs), seen);
    }

    @Test
    void shouldKeepTheCallersInterruptAndStillWaitForEveryKeyGroup() {
        AtomicIntegerArray runs = new AtomicIntegerArray(KEY_GROUPS);
        Thread.currentThread().interrupt();
        try {
            ParallelKeyGroups.forEach(KEY_GROUPS, 1_000_000, i -> {
                runs.incrementAndGet(i);
                Thread.onSpinWait();
            });
            assertTrue(Thread.currentThread().isInterrupted(), "a cancelled task's interrupt is kept");
        } finally {
            Thread.interrupted();
        }
        for (int i = 0; i < KEY_GROUPS; i++) {
            assertEquals(1, runs.get(i));
        }
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
