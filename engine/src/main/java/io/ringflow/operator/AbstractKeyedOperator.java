package io.ringflow.operator;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.functions.KeySelector;
import io.ringflow.snapshot.OperatorSnapshot;
import io.ringflow.api.functions.RichFunction;
import io.ringflow.state.HeapKeyedStateBackend;
import io.ringflow.state.timer.InternalTimerService;
import io.ringflow.state.timer.TimerCallback;

/**
 * Base of operators on a keyed stream: sets the key of each record on the state backend before
 * the record is processed, and turns watermarks and the clock into timer firings.
 */
public abstract class AbstractKeyedOperator<K, IN, OUT> extends OneInputOperator<IN, OUT> {
    private final KeySelector<IN, K> keySelector;
    private final Codec<K> keyCodec;
    private KeyedStateAndTimers<K> keyed;
    protected HeapKeyedStateBackend<K> keyedState;
    protected InternalTimerService<K> timers;
    protected long currentWatermark = Long.MIN_VALUE;
    private TimerCallback<K> eventTimeCallback;
    private TimerCallback<K> processingTimeCallback;

    protected AbstractKeyedOperator(KeySelector<IN, K> keySelector, Codec<K> keyCodec) {
        this.keySelector = keySelector;
        this.keyCodec = keyCodec;
    }

    @Override
    public void open() throws Exception {
        keyed = new KeyedStateAndTimers<>(context, keyCodec);
        keyedState = keyed.state;
        timers = keyed.timers;
        eventTimeCallback = keyed.withKeySet(this::onEventTime);
        processingTimeCallback = keyed.withKeySet(this::onProcessingTime);
    }

    /** Keyed state and timers, pinned copy-on-write; {@code operatorState} from a subclass may be null. */
    protected OperatorSnapshot snapshotKeyed(long checkpointId, io.ringflow.state.OperatorStateSnapshot operatorState) {
        return keyed.snapshot(checkpointId, operatorState);
    }

    @Override
    public OperatorSnapshot snapshotState(long checkpointId) throws Exception {
        return snapshotKeyed(checkpointId, null);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        keyed.notifyCheckpointComplete(checkpointId);
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
        keyed.notifyCheckpointAborted(checkpointId);
    }

    @Override
    public final void processElement(IN value, long timestamp) throws Exception {
        keyedState.setCurrentKey(keySelector.getKey(value));
        processKeyed(value, timestamp);
    }

    @Override
    public final void processElement(IN value, long timestamp, int keyGroup) throws Exception {
        keyedState.setCurrentKey(keySelector.getKey(value), keyGroup);
        processKeyed(value, timestamp);
    }

    protected abstract void processKeyed(IN value, long timestamp) throws Exception;

    /** Gives a rich user function its runtime context, with this operator's keyed state, and opens it. */
    protected void openFunction(Object function) throws Exception {
        if (function instanceof RichFunction rich) {
            rich.setRuntimeContext(new StreamingRuntimeContext(context, keyedState));
            rich.open(io.ringflow.api.functions.OpenContext.DEFAULT);
        }
    }

    protected static void closeFunction(Object function) throws Exception {
        if (function instanceof RichFunction rich) {
            rich.close();
        }
    }

    /** Called with the key already set on the state backend. */
    protected void onEventTime(K key, long timestamp) throws Exception {
    }

    /** Called with the key already set on the state backend. */
    protected void onProcessingTime(K key, long timestamp) throws Exception {
    }

    @Override
    public void processWatermark(long watermark) throws Exception {
        currentWatermark = watermark;
        timers.advanceWatermark(watermark, eventTimeCallback);
        output.emitWatermark(watermark);
    }

    @Override
    public void onProcessingTime(long nowMs) throws Exception {
        timers.onProcessingTime(nowMs, processingTimeCallback);
    }

    @Override
    public long nextProcessingTimeMs() {
        return timers == null ? Long.MAX_VALUE : timers.nextProcessingTimeMs();
    }

    protected void registerProcessingTimeTimer(K key, long timeMs) {
        keyed.registerProcessingTimeTimer(key, timeMs);
    }
}
