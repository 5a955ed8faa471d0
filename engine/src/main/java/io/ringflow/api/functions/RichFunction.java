package io.ringflow.api.functions;

/**
 * A function with a life cycle: {@link #open} before the first record, {@link #close} after
 * the last, and access to its {@link RuntimeContext} (state, subtask index).
 */
public abstract class RichFunction implements Function {
    private static final long serialVersionUID = 1L;
    private transient RuntimeContext runtimeContext;

    public void open() throws Exception {
    }

    public void close() throws Exception {
    }

    public final RuntimeContext getRuntimeContext() {
        if (runtimeContext == null) {
            throw new IllegalStateException("the runtime context is available from open() on, not in the constructor");
        }
        return runtimeContext;
    }

    /** Set by the runtime before {@link #open}. */
    public final void setRuntimeContext(RuntimeContext runtimeContext) {
        this.runtimeContext = runtimeContext;
    }
}
