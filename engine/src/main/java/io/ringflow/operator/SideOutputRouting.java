package io.ringflow.operator;

import io.ringflow.api.OutputTag;

/** {@code ctx.output(tag, value)} of the process functions' contexts. */
final class SideOutputRouting {
    private SideOutputRouting() {
    }

    static <X> void emit(Output<?> output, OutputTag<X> tag, X value, long timestamp) {
        if (tag == null) {
            throw new IllegalArgumentException("ctx.output needs an OutputTag, got null");
        }
        Output<X> side = output.sideOutput(tag.getId());
        if (side != null) {
            side.collect(value, timestamp);
        }
    }
}
