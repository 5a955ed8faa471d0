package io.ringflow.api.functions;

/**
 * Maps the records of two connected streams to one output type: {@link #map1} for the first
 * input, {@link #map2} for the second. Extend {@link RichFunction} as well for a life cycle and state.
 */
public interface CoMapFunction<IN1, IN2, OUT> extends Function {
    OUT map1(IN1 value) throws Exception;

    OUT map2(IN2 value) throws Exception;
}
