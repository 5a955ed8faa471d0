package io.ringflow.snapshot;

import io.ringflow.state.KeyedStateSnapshot;
import io.ringflow.state.OperatorStateSnapshot;
import io.ringflow.state.timer.TimerSnapshot;

/**
 * What the synchronous part of a checkpoint took from one operator: pinned copy-on-write views,
 * cheap to take, serialised later on the snapshot writer's thread. Any part may be null.
 * {@code finished}: the operator's input had ended and its end-of-input work was done, so a
 * restore must not do it again.
 */
public record OperatorSnapshot(String uid, int subtask, KeyedStateSnapshot keyed, TimerSnapshot<?> timers,
                               OperatorStateSnapshot operatorState, byte[] sourcePosition, boolean finished) {
    /** A snapshot of an operator whose input has not ended. */
    public OperatorSnapshot(String uid, int subtask, KeyedStateSnapshot keyed, TimerSnapshot<?> timers,
                            OperatorStateSnapshot operatorState, byte[] sourcePosition) {
        this(uid, subtask, keyed, timers, operatorState, sourcePosition, false);
    }

    /** This snapshot, marked as taken after the operator's end of input. */
    public OperatorSnapshot asFinished() {
        return new OperatorSnapshot(uid, subtask, keyed, timers, operatorState, sourcePosition, true);
    }

    /** The storage name of an operator's timers, kept apart from its keyed state. */
    public static String timersUid(String uid) {
        return uid + "/timers";
    }
}
