package io.ringflow.storage.file;

import io.ringflow.storage.CpuSlices;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A background thread runs its tasks in order and, when asked to, yields its core between them. */
class BackgroundThreadTest {
    @Test
    void shouldRunTasksInOrderYieldingBetweenThemWhenAsked() {
        List<Integer> ran = new CopyOnWriteArrayList<>();
        BackgroundThread thread = new BackgroundThread("test-yielding", 1); // a slice of 1 ns: a yield before each task
        long before = CpuSlices.yields();
        for (int i = 0; i < 5; i++) {
            int task = i;
            thread.schedule(() -> ran.add(task), 0);
        }
        thread.awaitDone();

        assertEquals(List.of(0, 1, 2, 3, 4), ran);
        assertTrue(CpuSlices.yields() - before >= 5, "a yield before each of 5 tasks: " + (CpuSlices.yields() - before));
    }

    @Test
    void shouldNotYieldByDefault() {
        BackgroundThread thread = new BackgroundThread("test-not-yielding");
        long before = CpuSlices.yields();
        for (int i = 0; i < 5; i++) {
            thread.schedule(() -> { }, 0);
        }
        thread.awaitDone();

        assertEquals(before, CpuSlices.yields());
    }
}
