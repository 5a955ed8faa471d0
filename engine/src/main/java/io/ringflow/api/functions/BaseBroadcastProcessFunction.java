package io.ringflow.api.functions;

import io.ringflow.api.OutputTag;
import io.ringflow.api.state.BroadcastState;
import io.ringflow.api.state.MapStateDescriptor;
import io.ringflow.api.state.ReadOnlyBroadcastState;

/**
 * What {@link BroadcastProcessFunction} and {@link KeyedBroadcastProcessFunction} share, as in
 * Flink: the contexts through which each side reaches the broadcast state.
 */
public abstract class BaseBroadcastProcessFunction extends RichFunction {
    private static final long serialVersionUID = 1L;

    /** What both sides see of the current record. */
    public interface BaseContext {
        /** The record's event timestamp, or {@code Long.MIN_VALUE} when it has none. */
        long timestamp();

        long currentProcessingTime();

        /** The least watermark of both inputs. */
        long currentWatermark();

        /** Emits {@code value} to the side output {@code outputTag}, with the current timestamp. */
        <X> void output(OutputTag<X> outputTag, X value);
    }

    /** The broadcast side's context: it may change the broadcast state, identically on every subtask. */
    public interface Context extends BaseContext {
        /** The state of {@code descriptor}, one of those given to {@code broadcast(...)}. */
        <K, V> BroadcastState<K, V> getBroadcastState(MapStateDescriptor<K, V> descriptor);
    }

    /** The non-broadcast side's context: it reads the broadcast state only. */
    public interface ReadOnlyContext extends BaseContext {
        /** The state of {@code descriptor}, one of those given to {@code broadcast(...)}. */
        <K, V> ReadOnlyBroadcastState<K, V> getBroadcastState(MapStateDescriptor<K, V> descriptor);
    }
}
