package io.ringflow.operator;

import io.ringflow.api.OutputTag;
import io.ringflow.api.state.KeyedStateStore;
import io.ringflow.api.window.Window;

/** What the window operator offers a firing window's function: the window functions' contexts delegate here. */
public interface WindowContext<W extends Window> {
    W window();

    long currentProcessingTime();

    long currentWatermark();

    <X> void output(OutputTag<X> outputTag, X value);

    KeyedStateStore windowState();

    KeyedStateStore globalState();
}
