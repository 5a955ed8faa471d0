package io.ringflow.api;

import io.ringflow.graph.StreamNode;

/** The end of a stream: a sink operator, which can be named, given a uid and a parallelism. */
public final class DataStreamSink<T> {
    private final StreamEnvironment env;
    private final StreamNode node;

    DataStreamSink(StreamEnvironment env, StreamNode node) {
        this.env = env;
        this.node = node;
    }

    public DataStreamSink<T> uid(String uid) {
        env.registerUid(uid, node);
        node.uid(uid);
        return this;
    }

    public DataStreamSink<T> name(String name) {
        node.name(name);
        return this;
    }

    public DataStreamSink<T> setParallelism(int parallelism) {
        env.checkParallelism(parallelism, node.describe(), node.maxParallelism());
        node.parallelism(parallelism);
        return this;
    }

    /** The sink's own max parallelism, as Flink's (see {@link DataStream#setMaxParallelism}). */
    public DataStreamSink<T> setMaxParallelism(int maxParallelism) {
        env.checkMaxParallelism(maxParallelism, node);
        node.maxParallelism(maxParallelism);
        return this;
    }
}
