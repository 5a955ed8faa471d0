package io.ringflow.operator;

import io.ringflow.api.functions.Function;
import io.ringflow.snapshot.OperatorSnapshot;
import io.ringflow.state.OperatorStateSnapshot;
import io.ringflow.api.functions.RichFunction;

/** Base of operators that run one user function: opens and closes it when it is rich. */
abstract class UdfOperator<IN, OUT, F extends Function> extends OneInputOperator<IN, OUT> {
    protected final F function;
    private final UserFunctionState functionState;

    UdfOperator(F function) {
        this.function = function;
        this.functionState = new UserFunctionState(function);
    }

    @Override
    public void open() throws Exception {
        if (function instanceof RichFunction rich) {
            rich.setRuntimeContext(runtimeContext());
        }
        functionState.initialize(null, context.restored());
        if (function instanceof RichFunction rich) {
            rich.open();
        }
    }

    @Override
    public OperatorSnapshot snapshotState(long checkpointId) throws Exception {
        OperatorStateSnapshot state = functionState.snapshot(checkpointId);
        return state == null ? null : new OperatorSnapshot(context.uid(), context.subtaskIndex(), null, null, state, null);
    }

    @Override
    public boolean usesUnionListState() {
        return functionState != null && functionState.usesUnionListState();
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        functionState.notifyComplete(checkpointId);
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) throws Exception {
        functionState.notifyAborted(checkpointId);
    }

    /** Non-keyed operators offer no keyed state. */
    protected StreamingRuntimeContext runtimeContext() {
        return new StreamingRuntimeContext(context, null);
    }

    @Override
    public void close() throws Exception {
        if (function instanceof RichFunction rich) {
            rich.close();
        }
    }
}
