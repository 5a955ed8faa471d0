package io.ringflow.operator;

import io.ringflow.api.functions.Function;
import io.ringflow.api.functions.RichFunction;

/** Base of operators that run one user function: opens and closes it when it is rich. */
abstract class UdfOperator<IN, OUT, F extends Function> extends OneInputOperator<IN, OUT> {
    protected final F function;

    UdfOperator(F function) {
        this.function = function;
    }

    @Override
    public void open() throws Exception {
        if (function instanceof RichFunction rich) {
            rich.setRuntimeContext(runtimeContext());
            rich.open();
        }
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
