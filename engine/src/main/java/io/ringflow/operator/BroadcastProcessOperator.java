package io.ringflow.operator;

import io.ringflow.api.functions.BroadcastProcessFunction;
import io.ringflow.api.state.MapStateDescriptor;

import java.util.List;

/** {@code nonKeyed.connect(broadcastStream).process(BroadcastProcessFunction)}. */
public final class BroadcastProcessOperator<IN1, IN2, OUT>
    extends AbstractBroadcastOperator<Object, IN1, IN2, OUT, BroadcastProcessFunction<IN1, IN2, OUT>> {
    private final ReadingContext readOnlyContext = new ReadingContext() { };
    private final WritableContext broadcastContext = new WritableContext() { };

    public BroadcastProcessOperator(BroadcastProcessFunction<IN1, IN2, OUT> function,
                                    List<MapStateDescriptor<?, ?>> descriptors) {
        super(function, null, null, descriptors);
    }

    @Override
    protected void process1(IN1 value, long timestamp) throws Exception {
        atRecord(timestamp);
        function.processElement(value, readOnlyContext, collector);
    }

    @Override
    protected void process2(IN2 value, long timestamp) throws Exception {
        atRecord(timestamp);
        function.processBroadcastElement(value, broadcastContext, collector);
    }
}
