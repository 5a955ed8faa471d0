package io.ringflow.api.functions;

/**
 * Turns each record of two connected streams into zero or more records of one output type:
 * {@link #flatMap1} for the first input, {@link #flatMap2} for the second.
 */
public interface CoFlatMapFunction<IN1, IN2, OUT> extends Function {
    void flatMap1(IN1 value, Collector<OUT> out) throws Exception;

    void flatMap2(IN2 value, Collector<OUT> out) throws Exception;
}
