package io.ringflow.checkpoint;

import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.CheckpointTrace;
import io.ringflow.api.CheckpointTrace.TaskTrace;
import io.ringflow.api.CheckpointingMode;
import io.ringflow.api.JobClient;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.DiscardingSink;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.storage.cli.CheckpointsCli;
import io.ringflow.storage.layout.CheckpointLayout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real job at parallelism 2 under backpressure (a keyed task slower than its sources): every
 * completed checkpoint's trace names every task, each phase in the order it must happen, every
 * input's barrier, and is written beside the checkpoint for {@code checkpoints show}.
 */
class CheckpointTraceTest {
    private static final int PARALLELISM = 2;
    private static final long NONE = CheckpointTrace.NONE;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void shouldTraceEveryPhaseOfEveryTaskInOrder(boolean unaligned, @TempDir Path dir) throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(PARALLELISM).setRingSize(64);
        env.enableCheckpointing(20, CheckpointingMode.EXACTLY_ONCE);
        env.getCheckpointConfig().storage().checkpointsDir(dir).numRetained(1_000);
        if (unaligned) {
            env.getCheckpointConfig().enableUnalignedCheckpoints();
        }
        env.fromSource(GeneratorSource.unbounded(seq -> seq), WatermarkStrategy.noWatermarks(), "numbers")
            .keyBy(n -> n % 100)
            .map(n -> {
                long until = System.nanoTime() + 2_000; // slower than the sources: the rings fill up
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                return n;
            })
            .sinkTo(DiscardingSink.create());
        JobClient job = env.executeAsync("traced-" + (unaligned ? "unaligned" : "aligned"));
        List<CheckpointTrace> traces;
        try {
            traces = awaitCompletedTraces(job, 3);
            CheckpointTrace shown = traces.get(traces.size() - 1);
            Path checkpointDir = dir.resolve(jobDirName(dir)).resolve(CheckpointLayout.CHECKPOINT_PREFIX + shown.checkpointId());
            Path traceFile = checkpointDir.resolve(CheckpointLayout.TRACE_FILE);
            long deadline = System.nanoTime() + 10_000_000_000L; // written once the checkpoint stayed retained 100 ms
            while (!Files.exists(traceFile) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            String file = Files.readString(traceFile);
            assertEquals(shown.format(), file);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertEquals(0, CheckpointsCli.run(new String[] {"show", checkpointDir.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err));
            String printed = out.toString(StandardCharsets.UTF_8);
            System.out.print(printed);
            assertTrue(printed.contains("trace: checkpoint " + shown.checkpointId() + " COMPLETED"), printed);
            assertTrue(printed.contains("coordinator: last acknowledgement seen"), printed);
        } finally {
            job.cancel().join();
        }
        for (CheckpointTrace trace : traces) {
            checkOrder(trace, unaligned);
        }
        assertTrue(job.checkpointTrace(traces.get(0).checkpointId()).isPresent());
    }

    private static void checkOrder(CheckpointTrace trace, boolean unaligned) {
        String context = trace.format();
        assertEquals(2 * PARALLELISM, trace.tasks().size(), context);
        int sources = 0;
        for (TaskTrace task : trace.tasks()) {
            boolean source = task.barrierVisibleMicros().length == 0;
            if (source) {
                sources++;
                assertNotEquals(NONE, task.triggerSeenMicros(), context);
                assertFalse(task.triggerSeenMicros() > task.syncStartMicros(), context);
            } else {
                assertEquals(PARALLELISM, task.barrierVisibleMicros().length, "one barrier per input channel: " + context);
                for (int channel = 0; channel < PARALLELISM; channel++) {
                    long visible = task.barrierVisibleMicros()[channel];
                    assertNotEquals(NONE, visible, context);
                    assertFalse(visible > task.syncStartMicros() && !unaligned, "aligned: every barrier before the snapshot; " + context);
                    if (!unaligned) {
                        long reached = task.barrierReachedMicros()[channel];
                        assertNotEquals(NONE, reached, context);
                        assertTrue(visible <= reached && reached <= task.syncStartMicros(), context);
                    }
                }
                if (unaligned) {
                    assertNotEquals(NONE, task.captureEndMicros(), context);
                    assertTrue(task.syncEndMicros() <= task.captureEndMicros()
                        && task.captureEndMicros() <= task.asyncStartMicros(), context);
                } else {
                    assertEquals(NONE, task.captureEndMicros(), context);
                }
            }
            assertTrue(task.startMicros() <= task.syncStartMicros(), context);
            assertTrue(task.syncStartMicros() <= task.syncEndMicros(), context);
            assertTrue(task.syncEndMicros() <= task.asyncStartMicros(), context);
            assertTrue(task.asyncStartMicros() <= task.asyncEndMicros(), context);
            long[] streams = task.streamFinishMicros();
            for (int i = 0; i + 1 < streams.length; i += 2) {
                assertTrue(task.asyncStartMicros() <= streams[i] && streams[i] <= streams[i + 1]
                    && streams[i + 1] <= task.asyncEndMicros(), context);
            }
            assertTrue(task.asyncEndMicros() <= task.acknowledgedMicros(), context);
            assertTrue(task.acknowledgedMicros() <= trace.lastAckSeenMicros(), context);
        }
        assertEquals(PARALLELISM, sources, context);
        assertTrue(trace.lastAckSeenMicros() <= trace.metadataWrittenMicros(), context);
        assertTrue(trace.metadataWrittenMicros() <= trace.completedMicros(), context);
        assertTrue(trace.completedMicros() <= trace.notifiedMicros(), context);
        assertTrue(trace.summary().contains("notified"), trace.summary());
    }

    private static List<CheckpointTrace> awaitCompletedTraces(JobClient job, int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline && !job.status().isTerminal()) {
            List<CheckpointTrace> completed = job.checkpointTraces().stream()
                .filter(trace -> trace.status() == CheckpointStatus.COMPLETED).toList();
            if (completed.size() >= count) {
                return completed;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("fewer than " + count + " completed checkpoints traced: " + job.checkpointStats()
            + ", failure " + job.failureCause());
    }

    private static String jobDirName(Path dir) throws java.io.IOException {
        try (var jobs = Files.list(dir)) {
            return jobs.map(p -> p.getFileName().toString()).filter(name -> !name.startsWith(".")).findFirst().orElseThrow();
        }
    }
}
