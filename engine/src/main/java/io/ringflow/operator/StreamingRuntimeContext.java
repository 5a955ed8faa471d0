package io.ringflow.operator;

import io.ringflow.api.functions.RuntimeContext;
import io.ringflow.api.state.AggregatingState;
import io.ringflow.api.state.AggregatingStateDescriptor;
import io.ringflow.api.state.KeyedStateStore;
import io.ringflow.api.state.ListState;
import io.ringflow.api.state.ListStateDescriptor;
import io.ringflow.api.state.MapState;
import io.ringflow.api.state.MapStateDescriptor;
import io.ringflow.api.state.ReducingState;
import io.ringflow.api.state.ReducingStateDescriptor;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;

/** The {@link RuntimeContext} of a function: subtask facts plus keyed state when the stream is keyed. */
final class StreamingRuntimeContext implements RuntimeContext {
    private final OperatorContext context;
    private final KeyedStateStore keyedState;
    private io.ringflow.api.metrics.MetricGroup metricGroup;

    StreamingRuntimeContext(OperatorContext context, KeyedStateStore keyedState) {
        this.context = context;
        this.keyedState = keyedState;
    }

    @Override
    public io.ringflow.api.metrics.MetricGroup getMetricGroup() {
        if (metricGroup == null) {
            metricGroup = io.ringflow.metrics.OperatorMetrics.groupOf(context.config().jobName(), context.uid(),
                context.subtaskIndex());
        }
        return metricGroup;
    }

    @Override
    public String getTaskName() {
        return context.taskName();
    }

    @Override
    public int getIndexOfThisSubtask() {
        return context.subtaskIndex();
    }

    @Override
    public int getNumberOfParallelSubtasks() {
        return context.parallelism();
    }

    @Override
    public int getMaxNumberOfParallelSubtasks() {
        return context.maxParallelism();
    }

    @Override
    public int getAttemptNumber() {
        return context.attempt();
    }

    @Override
    public java.util.Map<String, String> getGlobalJobParameters() {
        return context.config().globalJobParameters();
    }

    @Override
    public io.ringflow.api.functions.JobInfo getJobInfo() {
        return new io.ringflow.api.functions.JobInfo(context.config().jobId(), context.config().jobName());
    }

    @Override
    public <T> ValueState<T> getState(ValueStateDescriptor<T> descriptor) {
        return keyed().getState(descriptor);
    }

    @Override
    public <T> ListState<T> getListState(ListStateDescriptor<T> descriptor) {
        return keyed().getListState(descriptor);
    }

    @Override
    public <K, V> MapState<K, V> getMapState(MapStateDescriptor<K, V> descriptor) {
        return keyed().getMapState(descriptor);
    }

    @Override
    public <T> ReducingState<T> getReducingState(ReducingStateDescriptor<T> descriptor) {
        return keyed().getReducingState(descriptor);
    }

    @Override
    public <IN, ACC, OUT> AggregatingState<IN, OUT> getAggregatingState(
            AggregatingStateDescriptor<IN, ACC, OUT> descriptor) {
        return keyed().getAggregatingState(descriptor);
    }

    private KeyedStateStore keyed() {
        if (keyedState == null) {
            throw new IllegalStateException("keyed state is only available on a keyed stream: operator "
                + context.describe() + " is not applied to one; apply it right after keyBy(...)"
                + " (keyBy(...).map(...), .flatMap, .filter, .process, reduce, aggregate or a window)");
        }
        return keyedState;
    }
}
