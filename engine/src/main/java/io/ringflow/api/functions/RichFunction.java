package io.ringflow.api.functions;

/**
 * A function with a life cycle: {@link #open} before the first record, {@link #close} after
 * the last, and access to its {@link RuntimeContext} (state, subtask index).
 */
public abstract class RichFunction implements Function {
    private static final long serialVersionUID = 1L;
    private transient RuntimeContext runtimeContext;

    /** Before the first record; override this or {@link #open(OpenContext)}. */
    public void open() throws Exception {
    }

    /** As Flink 2's: called before the first record; by default it calls {@link #open()}. */
    public void open(OpenContext openContext) throws Exception {
        open();
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
