package io.ringflow.api.functions;

/** One output record per pair of a window join (Flink's {@code JoinFunction}): each record of one side with each of the other. */
@FunctionalInterface
public interface JoinFunction<IN1, IN2, OUT> extends Function {
    OUT join(IN1 first, IN2 second) throws Exception;
}
