package io.ringflow.operator;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.functions.Function;
import io.ringflow.api.functions.KeySelector;
import io.ringflow.snapshot.OperatorSnapshot;
import io.ringflow.state.OperatorStateSnapshot;
import io.ringflow.api.functions.RichFunction;

/**
 * Base of operators that run one user function: opens and closes it when it is rich and keeps its
 * operator state. Applied to a keyed stream (Flink's {@code keyBy(...).map(...)}) it also keeps
 * keyed state, no timers: each record's key is set before the function sees the record.
 */
abstract class UdfOperator<IN, OUT, F extends Function> extends OneInputOperator<IN, OUT> {
    protected final F function;
    private final UserFunctionState functionState;
    private final KeySelector<IN, Object> keySelector; // null with keyCodec when not keyed
    private final Codec<Object> keyCodec;
    private KeyedStateAndTimers<Object> keyed;

    UdfOperator(F function) {
        this(function, null, null);
    }

    /** Keyed when {@code keySelector} and {@code keyCodec} are given, else both null. */
    UdfOperator(F function, KeySelector<IN, ?> keySelector, Codec<?> keyCodec) {
        this(function, keySelector, keyCodec, false);
    }

    /** {@code operatorKeepsState}: the operator keeps operator state of its own ({@link #operatorState()}). */
    @SuppressWarnings("unchecked")
    UdfOperator(F function, KeySelector<IN, ?> keySelector, Codec<?> keyCodec, boolean operatorKeepsState) {
        if ((keySelector == null) != (keyCodec == null)) {
            throw new IllegalArgumentException("a keyed operator needs the key selector and the key codec");
        }
        this.function = function;
        this.functionState = new UserFunctionState(function, operatorKeepsState);
        this.keySelector = (KeySelector<IN, Object>) keySelector;
        this.keyCodec = (Codec<Object>) keyCodec;
    }

    @Override
    public void open() throws Exception {
        if (keyCodec != null) {
            keyed = new KeyedStateAndTimers<>(context, keyCodec);
        }
        if (function instanceof RichFunction rich) {
            rich.setRuntimeContext(new StreamingRuntimeContext(context, keyed == null ? null : keyed.state));
        }
        functionState.initialize(keyed == null ? null : keyed.state, context.restored());
        if (function instanceof RichFunction rich) {
            rich.open(io.ringflow.api.functions.OpenContext.DEFAULT);
        }
    }

    @Override
    public final void processElement(IN value, long timestamp) throws Exception {
        if (keyed != null) {
            keyed.state.setCurrentKey(keySelector.getKey(value));
        }
        processRecord(value, timestamp);
    }

    @Override
    public final void processElement(IN value, long timestamp, int keyGroup) throws Exception {
        if (keyed != null) {
            keyed.state.setCurrentKey(keySelector.getKey(value), keyGroup);
        }
        processRecord(value, timestamp);
    }

    /** The operator state of this operator and its function, once open; null unless either keeps some. */
    protected io.ringflow.state.OperatorStateBackend operatorState() {
        return functionState.operatorState();
    }

    /** A record, with its key set when keyed. */
    protected abstract void processRecord(IN value, long timestamp) throws Exception;

    @Override
    public OperatorSnapshot snapshotState(long checkpointId) throws Exception {
        OperatorStateSnapshot state = functionState.snapshot(checkpointId);
        if (keyed != null) {
            return keyed.snapshot(checkpointId, state);
        }
        return state == null ? null : new OperatorSnapshot(context.uid(), context.subtaskIndex(), null, null, state, null);
    }

    @Override
    public boolean usesUnionListState() {
        return functionState != null && functionState.usesUnionListState();
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
