package io.ringflow.api.functions;

/** Any number of output records per pair of a window join (Flink's {@code FlatJoinFunction}). */
@FunctionalInterface
public interface FlatJoinFunction<IN1, IN2, OUT> extends Function {
    void join(IN1 first, IN2 second, Collector<OUT> out) throws Exception;
}
