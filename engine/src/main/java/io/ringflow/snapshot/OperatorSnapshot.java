package io.ringflow.snapshot;

import io.ringflow.state.KeyedStateSnapshot;
import io.ringflow.state.OperatorStateSnapshot;
import io.ringflow.state.timer.TimerSnapshot;

/**
 * What the synchronous part of a checkpoint took from one operator: pinned copy-on-write views,
 * cheap to take, serialised later on the snapshot writer's thread. Any part may be null.
 */
public record OperatorSnapshot(String uid, int subtask, KeyedStateSnapshot keyed, TimerSnapshot<?> timers,
                               OperatorStateSnapshot operatorState, byte[] sourcePosition) {
    /** The storage name of an operator's timers, kept apart from its keyed state. */
    public static String timersUid(String uid) {
        return uid + "/timers";
    }
}
