package io.ringflow.operator;

import io.ringflow.api.codec.Codec;
import io.ringflow.snapshot.OperatorSnapshot;
import io.ringflow.state.HeapKeyedStateBackend;
import io.ringflow.state.OperatorStateSnapshot;
import io.ringflow.state.timer.InternalTimerService;
import io.ringflow.state.timer.TimerCallback;

/**
 * The keyed state and timers of one subtask of a keyed operator, with one input or two: made for
 * its key groups, restored from a checkpoint, pinned into snapshots and told of their outcome together.
 */
final class KeyedStateAndTimers<K> {
    final HeapKeyedStateBackend<K> state;
    final InternalTimerService<K> timers;
    private final OperatorContext context;

    /** What a firing timer runs, with its key already set on the state backend. */
    @FunctionalInterface
    interface KeyedTimerAction<K> {
        void fire(K key, long timestamp) throws Exception;
    }

    /** Call from {@code open()}: restores what the context holds and schedules the next processing-time timer. */
    KeyedStateAndTimers(OperatorContext context, Codec<K> keyCodec) {
        this.context = context;
        state = new HeapKeyedStateBackend<>(keyCodec, context.maxParallelism(), context.keyGroupRange());
        io.ringflow.api.Clock clock = context.clock();
        state.setTtlTimeProvider(clock::currentTimeMillis); // state TTL counts in the job's processing time
        timers = new InternalTimerService<>(keyCodec, context.maxParallelism(), context.keyGroupRange());
        if (context.restored() != null) {
            context.restored().restoreKeyed(context.keyGroupRange(), state, timers);
            long next = timers.nextProcessingTimeMs();
            if (next != Long.MAX_VALUE) {
                context.scheduler().wakeAt(next);
            }
        }
        if (context.config().checkpointConfig().isIncrementalCheckpointsEnabled()) {
            state.enableIncrementalSnapshots(); // after the restore: what it loaded is in the checkpoint already
        }
    }

    /** Keyed state and timers, pinned copy-on-write; {@code operatorState} may be null. */
    OperatorSnapshot snapshot(long checkpointId, OperatorStateSnapshot operatorState) {
        return new OperatorSnapshot(context.uid(), context.subtaskIndex(),
            state.snapshot(checkpointId, context.savepoints().test(checkpointId)), timers.snapshot(), operatorState, null);
    }

    void notifyCheckpointComplete(long checkpointId) {
        state.notifyCheckpointComplete(checkpointId);
    }

    void notifyCheckpointAborted(long checkpointId) {
        state.notifyCheckpointAborted(checkpointId);
    }

    void registerProcessingTimeTimer(K key, long timeMs) {
        timers.registerProcessingTimeTimer(key, timeMs);
        context.scheduler().wakeAt(timeMs);
    }

    /** A timer callback that sets the timer's key on the state backend before {@code action}. */
    TimerCallback<K> withKeySet(KeyedTimerAction<K> action) {
        return (key, timestamp) -> {
            state.setCurrentKey(key);
            try {
                action.fire(key, timestamp);
            } catch (Exception e) {
                throw Rethrow.unchecked(e);
            }
        };
    }
}
