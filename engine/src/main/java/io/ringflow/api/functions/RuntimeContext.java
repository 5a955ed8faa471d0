package io.ringflow.api.functions;

import io.ringflow.api.state.KeyedStateStore;

/**
 * What a rich function sees of the subtask that runs it. Keyed state is available only to
 * functions applied to a {@code KeyedStream}.
 */
public interface RuntimeContext extends KeyedStateStore {
    String getTaskName();

    int getIndexOfThisSubtask();

    int getNumberOfParallelSubtasks();

    int getMaxNumberOfParallelSubtasks();

    /** Which execution attempt of the job this is: 0 at first, one more after each restart (a failover). */
    int getAttemptNumber();

    /** The job's name and id, as Flink 2's. */
    JobInfo getJobInfo();

    /** What {@code env.getConfig().setGlobalJobParameters(...)} set, as Flink 2's: empty when nothing was. */
    java.util.Map<String, String> getGlobalJobParameters();

    /** Flink's: the function's own metrics (counters, gauges, meters, histograms), shown over JMX. */
    io.ringflow.api.metrics.MetricGroup getMetricGroup();

    /** The same facts as Flink 2 gives them; its task name is the chain's, without the subtask. */
    default TaskInfo getTaskInfo() {
        String name = getTaskName();
        String subtask = " (" + (getIndexOfThisSubtask() + 1) + "/" + getNumberOfParallelSubtasks() + ")";
        String chain = name.endsWith(subtask) ? name.substring(0, name.length() - subtask.length()) : name;
        return new TaskInfo(chain, getIndexOfThisSubtask(), getNumberOfParallelSubtasks(), getMaxNumberOfParallelSubtasks(),
            getAttemptNumber());
    }
}
