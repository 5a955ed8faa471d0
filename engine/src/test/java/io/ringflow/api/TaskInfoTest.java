package io.ringflow.api;

import io.ringflow.api.functions.OpenContext;
import io.ringflow.api.functions.RichMapFunction;
import io.ringflow.api.functions.TaskInfo;
import io.ringflow.connector.CollectSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Flink 2's {@code getRuntimeContext().getTaskInfo()} and {@code getJobInfo()}: what each subtask of each attempt sees. */
@Timeout(60)
class TaskInfoTest {
    static final List<TaskInfo> SEEN = new CopyOnWriteArrayList<>();
    static final List<io.ringflow.api.functions.JobInfo> JOBS = new CopyOnWriteArrayList<>();
    static final AtomicBoolean FAILED = new AtomicBoolean();

    public static class Recording extends RichMapFunction<Long, Long> {
        @Override
        public void open(OpenContext context) {
            SEEN.add(getRuntimeContext().getTaskInfo());
            JOBS.add(getRuntimeContext().getJobInfo());
        }

        @Override
        public Long map(Long v) {
            if (v == 100 && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure");
            }
            return v;
        }
    }

    @Test
    void shouldTellEverySubtaskAndAttemptWhoItIs() {
        SEEN.clear();
        JOBS.clear();
        FAILED.set(false);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setMaxParallelism(64);
        env.setRestartStrategy(RestartStrategy.fixedDelay(1, Duration.ZERO));
        env.fromSequence(0, 1_000).rebalance().map(new Recording()).name("Recording").sinkTo(new CollectSink<>()).name("Collect");
        JobClient job = env.executeAsync("task-info");
        job.await();
        assertEquals(4, JOBS.size());
        for (io.ringflow.api.functions.JobInfo info : JOBS) {
            assertEquals("task-info", info.getJobName());
            assertEquals(job.jobId(), info.getJobId(), "the id JobClient gives, in every attempt");
        }
        assertEquals(32, job.jobId().length());

        assertEquals(4, SEEN.size(), "two subtasks, two attempts: " + SEEN);
        assertEquals(Set.of("Recording -> Collect (1/2)#0", "Recording -> Collect (2/2)#0", "Recording -> Collect (1/2)#1",
            "Recording -> Collect (2/2)#1"), SEEN.stream().map(TaskInfo::getTaskNameWithSubtasks).collect(Collectors.toSet()));
        for (TaskInfo info : SEEN) {
            assertEquals("Recording -> Collect", info.getTaskName());
            assertEquals(2, info.getNumberOfParallelSubtasks());
            assertEquals(64, info.getMaxNumberOfParallelSubtasks());
        }
    }
}
