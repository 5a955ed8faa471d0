package io.ringflow.api;

import io.ringflow.api.state.MapStateDescriptor;

import java.util.List;

/**
 * A stream whose every record goes to every subtask of the operator it is connected to, with the
 * broadcast states that operator keeps, as Flink's {@code BroadcastStream}: made by
 * {@link DataStream#broadcast(MapStateDescriptor[])}, used by {@link DataStream#connect(BroadcastStream)}.
 *
 * @param <T> records
 */
public final class BroadcastStream<T> {
    private final StreamEnvironment env;
    private final DataStream<T> input;
    private final List<MapStateDescriptor<?, ?>> descriptors;

    BroadcastStream(StreamEnvironment env, DataStream<T> input, List<MapStateDescriptor<?, ?>> descriptors) {
        this.env = env;
        this.input = input;
        this.descriptors = descriptors;
    }

    StreamEnvironment environment() {
        return env;
    }

    /** The stream, partitioned to every subtask. */
    DataStream<T> input() {
        return input;
    }

    public List<MapStateDescriptor<?, ?>> getBroadcastStateDescriptors() {
        return descriptors;
    }
}
