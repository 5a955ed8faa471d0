package io.ringflow.checkpoint;

import io.ringflow.checkpoint.TaskPhases.Phase;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-task state machine the coordinator moves by the tasks' reports. */
class TaskPhasesTest {
    /** Tasks 0 and 1 are sources; task 2 is fed by both. */
    private final TaskPhases phases = new TaskPhases(new int[] {0, 1, 2}, new int[][] {{}, {}, {0, 1}});

    /** RUNNING → INPUT_ENDED → AWAITING_FINAL → FINISHED, each step by its report or trigger. */
    @Test
    void shouldMoveAlongTheLegalPath() {
        assertEquals(Phase.RUNNING, phases.phase(0));
        phases.inputEnded(0);
        assertEquals(Phase.INPUT_ENDED, phases.phase(0));
        phases.triggered(0);
        assertEquals(Phase.AWAITING_FINAL, phases.phase(0));
        phases.finished(0, 3, List.of());
        assertEquals(Phase.FINISHED, phases.phase(0));
        assertEquals(3, phases.lastSubmitted(0));
    }

    /** A trigger moves only a task whose input ended; one still reading input stays RUNNING. */
    @Test
    void shouldKeepARunningTaskRunningWhenTriggered() {
        phases.triggered(0);
        assertEquals(Phase.RUNNING, phases.phase(0));
        phases.inputEnded(0);
        phases.finished(0, -1, List.of());             // no checkpoint after its end: straight from INPUT_ENDED
        assertEquals(Phase.FINISHED, phases.phase(0));
    }

    /** Reports out of their order are bugs: each throws and changes nothing. */
    @Test
    void shouldRejectIllegalTransitions() {
        assertThrows(IllegalStateException.class, () -> phases.finished(0, -1, List.of()));
        assertEquals(Phase.RUNNING, phases.phase(0));
        assertFalse(phases.anyFinished());

        phases.inputEnded(0);
        assertThrows(IllegalStateException.class, () -> phases.inputEnded(0));
        phases.finished(0, -1, List.of());
        assertThrows(IllegalStateException.class, () -> phases.finished(0, -1, List.of()));
        assertThrows(IllegalStateException.class, () -> phases.inputEnded(0));
        assertEquals(Phase.FINISHED, phases.phase(0));
    }

    /** allInputEnded holds once every task's input ended, allFinished once every task finished. */
    @Test
    void shouldCountTasksWhoseInputEndedAndTasksThatFinished() {
        for (int task = 0; task < 3; task++) {
            assertFalse(phases.allInputEnded(), "task " + task + " still reads input");
            phases.inputEnded(task);
        }
        assertTrue(phases.allInputEnded());
        for (int task = 0; task < 3; task++) {
            assertEquals(task > 0, phases.anyFinished());
            assertFalse(phases.allFinished(), "task " + task + " has not finished");
            phases.finished(task, -1, List.of());
        }
        assertTrue(phases.allFinished());
    }

    /** A RUNNING task is triggered directly when it is a source or all its upstreams finished, never when finished. */
    @Test
    void shouldTriggerARunningTaskDirectlyOnlyWhenNoUpstreamIsLeft() {
        assertTrue(phases.triggersDirectly(0), "a source");
        assertFalse(phases.triggersDirectly(2), "both upstreams run");
        phases.inputEnded(0);
        phases.finished(0, -1, List.of());
        assertFalse(phases.triggersDirectly(0), "a finished task");
        assertFalse(phases.triggersDirectly(2), "upstream 1 still runs");
        phases.inputEnded(1);
        assertFalse(phases.triggersDirectly(2), "upstream 1 ended its input but has not finished");
        phases.finished(1, -1, List.of());
        assertTrue(phases.triggersDirectly(2), "no barrier can come any more");
    }

    /** A task whose input ended is triggered directly, whatever its upstreams. */
    @Test
    void shouldTriggerATaskWhoseInputEndedDirectly() {
        phases.inputEnded(0);
        phases.inputEnded(1);
        phases.inputEnded(2);
        assertTrue(phases.triggersDirectly(2));
    }
}
