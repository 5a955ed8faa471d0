package io.ringflow.operator;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.functions.Function;
import io.ringflow.api.functions.KeySelector;
import io.ringflow.api.functions.RichFunction;
import io.ringflow.api.state.KeyedStateStore;
import io.ringflow.snapshot.OperatorSnapshot;
import io.ringflow.state.OperatorStateBackend;
import io.ringflow.state.OperatorStateSnapshot;
import io.ringflow.state.timer.TimerCallback;

/**
 * Base of two-input operators that run one user function ({@code connect}): opens and closes it
 * when it is rich and keeps its operator state. When the inputs are keyed it also keeps keyed
 * state and timers that both inputs share: each record's key is set from its own input's key
 * selector before the record is processed, and a timer's key before it fires.
 */
abstract class TwoInputUdfOperator<K, IN1, IN2, OUT, F extends Function> extends TwoInputOperator<IN1, IN2, OUT> {
    protected final F function;
    private final KeySelector<IN1, K> keySelector1; // null with keyCodec when the inputs are not keyed
    private final KeySelector<IN2, K> keySelector2; // null too when input 2 is unkeyed (the broadcast side)
    private final Codec<K> keyCodec;
    private final UserFunctionState functionState;
    protected KeyedStateAndTimers<K> keyed; // null when not keyed
    protected long currentWatermark = Long.MIN_VALUE;
    private TimerCallback<K> eventTimeCallback;
    private TimerCallback<K> processingTimeCallback;

    TwoInputUdfOperator(F function, KeySelector<IN1, K> keySelector1, KeySelector<IN2, K> keySelector2, Codec<K> keyCodec) {
        this(function, keySelector1, keySelector2, keyCodec, false);
        if ((keySelector2 == null) != (keyCodec == null)) {
            throw new IllegalArgumentException("a keyed two-input operator needs both key selectors and the key codec");
        }
    }

    /** {@code keepsOperatorState}: the operator keeps operator state (broadcast state) even if the function does not. */
    TwoInputUdfOperator(F function, KeySelector<IN1, K> keySelector1, KeySelector<IN2, K> keySelector2, Codec<K> keyCodec,
                        boolean keepsOperatorState) {
        if ((keySelector1 == null) != (keyCodec == null) || keySelector2 != null && keyCodec == null) {
            throw new IllegalArgumentException("a keyed two-input operator needs the key selectors and the key codec");
        }
        this.function = function;
        this.keySelector1 = keySelector1;
        this.keySelector2 = keySelector2;
        this.keyCodec = keyCodec;
        this.functionState = new UserFunctionState(function, keepsOperatorState);
    }

    /** The operator state of this subtask, set in {@link #open()}; null unless the operator or function keeps some. */
    protected final OperatorStateBackend operatorState() {
        return functionState.operatorState();
    }

    @Override
    public void open() throws Exception {
        KeyedStateStore keyedStore = null;
        if (keyCodec != null) {
            keyed = new KeyedStateAndTimers<>(context, keyCodec);
            eventTimeCallback = keyed.withKeySet(this::onEventTime);
            processingTimeCallback = keyed.withKeySet(this::onProcessingTime);
            keyedStore = keyed.state;
        }
        if (function instanceof RichFunction rich) {
            rich.setRuntimeContext(new StreamingRuntimeContext(context, keyedStore));
        }
        functionState.initialize(keyedStore, context.restored());
        if (function instanceof RichFunction rich) {
            rich.open(io.ringflow.api.functions.OpenContext.DEFAULT);
        }
    }

    @Override
    public final void processElement1(IN1 value, long timestamp) throws Exception {
        if (keyed != null) {
            keyed.state.setCurrentKey(keySelector1.getKey(value));
        }
        process1(value, timestamp);
    }

    @Override
    public final void processElement2(IN2 value, long timestamp) throws Exception {
        if (keySelector2 != null) {
            keyed.state.setCurrentKey(keySelector2.getKey(value));
        }
        process2(value, timestamp);
    }

    /** A record of the first input, with its key set when keyed. */
    protected abstract void process1(IN1 value, long timestamp) throws Exception;

    /** A record of the second input, with its key set when keyed. */
    protected abstract void process2(IN2 value, long timestamp) throws Exception;

    /** An event-time timer fires, its key set. */
    protected void onEventTime(K key, long timestamp) throws Exception {
    }

    /** A processing-time timer fires, its key set. */
    protected void onProcessingTime(K key, long timestamp) throws Exception {
    }

    @Override
    public void processWatermark(long watermark) throws Exception {
        currentWatermark = watermark;
        if (keyed != null) {
            keyed.timers.advanceWatermark(watermark, eventTimeCallback);
        }
        output.emitWatermark(watermark);
    }

    @Override
    public void onProcessingTime(long nowMs) throws Exception {
        if (keyed != null) {
            keyed.timers.onProcessingTime(nowMs, processingTimeCallback);
        }
    }

    @Override
    public long nextProcessingTimeMs() {
        return keyed == null ? Long.MAX_VALUE : keyed.timers.nextProcessingTimeMs();
    }

    @Override
    public OperatorSnapshot snapshotState(long checkpointId) throws Exception {
        OperatorStateSnapshot operatorState = functionState.snapshot(checkpointId);
        if (keyed != null) {
            return keyed.snapshot(checkpointId, operatorState);
        }
        return operatorState == null ? null
            : new OperatorSnapshot(context.uid(), context.subtaskIndex(), null, null, operatorState, null);
    }

    @Override
    public boolean usesUnionListState() {
        return functionState.usesUnionListState();
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        if (keyed != null) {
            keyed.notifyCheckpointComplete(checkpointId);
        }
        functionState.notifyComplete(checkpointId);
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
        if (keyed != null) {
            keyed.notifyCheckpointAborted(checkpointId);
        }
        functionState.notifyAborted(checkpointId);
    }

    @Override
    public void close() throws Exception {
        if (function instanceof RichFunction rich) {
            rich.close();
        }
    }
}
