package io.ringflow.runtime;

import io.ringflow.api.RestartStrategy;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.barrier.BarrierMode;
import io.ringflow.runtime.SequenceJob.FailurePoint;
import io.ringflow.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a job logs through SLF4J, read from a child JVM with slf4j-simple: one INFO line per
 * completed checkpoint (its statistics and its trace's summary), a WARN line for a failover and an INFO line for the restore, both naming
 * the checkpoint, and no SLF4J warnings of its own.
 */
class LoggingTest {
    static final String JOB = "logged";

    /** The child: a job that fails once after a completed checkpoint and restarts from it. */
    public static void main(String[] args) {
        SequenceJob.failurePoint = FailurePoint.PROCESS;
        SequenceJob.failAt = 20_000;
        StreamEnvironment env = SequenceJob.environment(BarrierMode.ALIGNED, 10, Path.of(args[0]))
            .setRestartStrategy(RestartStrategy.fixedDelay(1, Duration.ZERO));
        SequenceJob.build(env, 40_000, 20_000, 1, 2, false); // 2 s, checkpoints complete before the failure
        env.execute(JOB);
    }

    @Test
    void shouldLogCheckpointsFailoverAndRestoreOneLineEach(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("child.log");
        Process child = ChildJvm.start("256m", LoggingTest.class.getName(), List.of(dir.resolve("checkpoints").toString()), log);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child did not end");
        String output = Files.readString(log);
        assertEquals(0, child.exitValue(), output);

        assertTrue(Pattern.compile("(?m)^\\[[^]]+] INFO io\\.ringflow\\.checkpoint\\.CheckpointCoordinator - job '" + JOB
            + "': checkpoint \\d+ COMPLETED: [\\d,]+\\.\\d\\d ms end to end, [\\d,]+\\.\\d\\d ms to complete \\(.*\\), state [\\d,]+ B, in-flight [\\d,]+ B; trace µs: last task began [\\d,]+, .*, notified [\\d,]+$")
            .matcher(output).find(), output);
        Matcher failover = Pattern.compile("(?m)^\\[[^]]+] WARN io\\.ringflow\\.runtime\\.LocalJob - job '" + JOB
            + "' failed: .*; restart 1 in 0 ms from checkpoint (\\d+)$").matcher(output);
        assertTrue(failover.find(), output);
        String checkpoint = failover.group(1);
        assertTrue(Pattern.compile("(?m)^\\[[^]]+] INFO io\\.ringflow\\.runtime\\.LocalJob - job '" + JOB
            + "': restoring checkpoint " + checkpoint + " from \\S+chk-0*" + checkpoint + " \\(attempt 2\\)$")
            .matcher(output).find(), output);
        assertFalse(output.contains("SLF4J("), output);
    }
}
