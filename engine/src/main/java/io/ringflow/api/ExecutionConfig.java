package io.ringflow.api;

import java.time.Duration;

/**
 * Flink's {@code env.getConfig()}: the job settings Flink keeps there, read and written on the
 * {@link StreamEnvironment} it came from.
 *
 * <p><b>Object reuse</b> is off by default, as in Flink: a record handed from one operator to
 * the next in the same task (a chain) is a copy, made with the stream's codec, so a function may
 * keep or change the records it gets without another operator seeing it. Records of immutable
 * types (strings, boxed numbers, records of such) are never copied. {@link #enableObjectReuse()}
 * hands on the same object instead, as Flink does then: faster for mutable types, and a function
 * must then neither keep nor change what it received. Records crossing a ring are decoded anew
 * either way.
 */
public final class ExecutionConfig {
    private final StreamEnvironment env;

    ExecutionConfig(StreamEnvironment env) {
        this.env = env;
    }

    public ExecutionConfig setParallelism(int parallelism) {
        env.setParallelism(parallelism);
        return this;
    }

    public int getParallelism() {
        return env.getParallelism();
    }

    public ExecutionConfig setMaxParallelism(int maxParallelism) {
        env.setMaxParallelism(maxParallelism);
        return this;
    }

    public int getMaxParallelism() {
        return env.getMaxParallelism();
    }

    /** In milliseconds, as Flink's. */
    public ExecutionConfig setAutoWatermarkInterval(long intervalMs) {
        env.setAutoWatermarkInterval(Duration.ofMillis(intervalMs));
        return this;
    }

    public long getAutoWatermarkInterval() {
        return env.getAutoWatermarkIntervalMs();
    }

    public ExecutionConfig enableObjectReuse() {
        env.graph().objectReuse(true);
        return this;
    }

    public ExecutionConfig disableObjectReuse() {
        env.graph().objectReuse(false);
        return this;
    }

    public boolean isObjectReuseEnabled() {
        return env.graph().objectReuse();
    }

    /** Parameters every function reads with {@code getRuntimeContext().getGlobalJobParameters()}, as Flink's. */
    public ExecutionConfig setGlobalJobParameters(GlobalJobParameters parameters) {
        env.globalJobParameters(parameters);
        return this;
    }

    /** What {@link #setGlobalJobParameters} set, or an empty set of parameters. */
    public GlobalJobParameters getGlobalJobParameters() {
        return env.globalJobParameters();
    }

    /** Flink's {@code ExecutionConfig.GlobalJobParameters}: what a job hands every function, as strings. */
    public static class GlobalJobParameters implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        public java.util.Map<String, String> toMap() {
            return java.util.Map.of();
        }
    }
}
