package io.ringflow.state;

import io.ringflow.api.state.FunctionInitializationContext;
import io.ringflow.api.state.KeyedStateStore;
import io.ringflow.api.state.OperatorStateStore;

import java.util.Objects;

/**
 * The {@link FunctionInitializationContext} a task hands to
 * {@link io.ringflow.api.state.CheckpointedFunction#initializeState}.
 */
public final class StateInitializationContext implements FunctionInitializationContext {
    private final boolean restored;
    private final OperatorStateStore operatorStateStore;
    private final KeyedStateStore keyedStateStore;

    /**
     * @param restored           whether state was restored from a checkpoint or savepoint
     * @param operatorStateStore the instance's operator state
     * @param keyedStateStore    the instance's keyed state, or null on a non-keyed stream
     */
    public StateInitializationContext(boolean restored, OperatorStateStore operatorStateStore,
                                      KeyedStateStore keyedStateStore) {
        this.restored = restored;
        this.operatorStateStore = Objects.requireNonNull(operatorStateStore, "operatorStateStore");
        this.keyedStateStore = keyedStateStore;
    }

    @Override
    public boolean isRestored() {
        return restored;
    }

    @Override
    public OperatorStateStore getOperatorStateStore() {
        return operatorStateStore;
    }

    @Override
    public KeyedStateStore getKeyedStateStore() {
        if (keyedStateStore == null) {
            throw new IllegalStateException("keyed state is only available on a keyed stream: "
                + "apply keyBy(...) before this function or use operator state");
        }
        return keyedStateStore;
    }
}
