package io.ringflow.api.state;

/** What {@link CheckpointedFunction#initializeState} gets to register and restore its state. */
public interface FunctionInitializationContext {
    /** True when the job is recovering from a checkpoint or savepoint. */
    boolean isRestored();

    /** The operator state store of this parallel instance. */
    OperatorStateStore getOperatorStateStore();

    /**
     * The keyed state store of this parallel instance.
     *
     * @throws IllegalStateException when the function does not run on a keyed stream
     */
    KeyedStateStore getKeyedStateStore();
}
