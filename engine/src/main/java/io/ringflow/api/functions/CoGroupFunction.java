package io.ringflow.api.functions;

/**
 * The records of both inputs that share a key and a window, once the window fires (Flink's
 * {@code CoGroupFunction}); either side may be empty.
 */
@FunctionalInterface
public interface CoGroupFunction<IN1, IN2, OUT> extends Function {
    void coGroup(Iterable<IN1> first, Iterable<IN2> second, Collector<OUT> out) throws Exception;
}
