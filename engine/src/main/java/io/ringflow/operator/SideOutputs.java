package io.ringflow.operator;

import java.util.Map;

/**
 * The output of an operator whose side outputs are read: records go to the main output, tagged
 * values to their side output, and watermarks and idleness to all of them, as in Flink, so that
 * event time advances downstream of a side output too.
 */
public final class SideOutputs<T> implements Output<T> {
    private final Output<T> main;
    private final Map<String, Output<?>> sides;

    /** {@code main} may be null when only side outputs are read: main records are then dropped. */
    public SideOutputs(Output<T> main, Map<String, Output<?>> sides) {
        this.main = main;
        this.sides = Map.copyOf(sides);
    }

    @Override
    public void collect(T record, long timestamp) {
        if (main != null) {
            main.collect(record, timestamp);
        }
    }

    @Override
    public void emitWatermark(long watermark) {
        if (main != null) {
            main.emitWatermark(watermark);
        }
        for (Output<?> side : sides.values()) {
            side.emitWatermark(watermark);
        }
    }

    @Override
    public void emitIdle(boolean idle) {
        if (main != null) {
            main.emitIdle(idle);
        }
        for (Output<?> side : sides.values()) {
            side.emitIdle(idle);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <X> Output<X> sideOutput(String tagId) {
        return (Output<X>) sides.get(tagId);
    }
}
