package io.ringflow.api.window;

import io.ringflow.api.codec.Codec;

import java.io.Serializable;
import java.util.Collection;

/**
 * Places each record in zero or more windows, as Flink's {@code WindowAssigner}: tumbling and
 * sliding windows by event or processing time, sessions ({@link MergingWindowAssigner}) and the
 * {@link GlobalWindows} of count windows.
 *
 * @param <W> the windows it makes
 */
public interface WindowAssigner<W extends Window> extends Serializable {
    /** The windows of a record with event timestamp {@code timestamp} arriving at {@code currentProcessingTimeMs}. */
    Collection<W> assignWindows(long timestamp, long currentProcessingTimeMs);

    /** The trigger used unless {@code WindowedStream.trigger(...)} sets another. */
    Trigger<Object, W> getDefaultTrigger();

    /** How windows are written in keyed state. */
    Codec<W> getWindowCodec();

    boolean isEventTime();
}
