package io.ringflow.cli.run;

import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.DiscardingSink;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A stop signal while a job is still launching (restoring a large state, say) stops it with a
 * savepoint once it runs. Before, the run saw no started job, exited 0 and printed nothing: no
 * savepoint, no word (a trial: 5 of 5 signals in the first second).
 */
class StopWhileLaunchingTest {
    @TempDir
    Path dir;

    @Test
    void shouldStopAJobThatWasStillLaunchingWithASavepoint() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RunContext context = new RunContext(RunOptions.parse(List.of("--job", "unused.Job")),
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true,
            StandardCharsets.UTF_8));
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).enableCheckpointing(50);
        env.getCheckpointConfig().storage().checkpointsDir(dir.resolve("checkpoints")).savepointsDir(dir.resolve("savepoints"));
        env.fromSource(GeneratorSource.unbounded(n -> n).withRate(10_000), WatermarkStrategy.noWatermarks(), "numbers")
            .sinkTo(DiscardingSink.create());
        String name = "stop-while-launching-" + System.nanoTime();
        context.launching(env, name);

        CompletableFuture<Void> signal = CompletableFuture.runAsync(() -> context.stop("SIGTERM"));
        Thread.sleep(200);
        assertFalse(context.stopped().isDone(), "the stop waits for the launch, not exits at once");
        JobClient job = env.executeAsync(name); // as the program does: launching() was the context's first step
        context.started(job);
        try {
            assertEquals(0, context.stopped().get(60, TimeUnit.SECONDS));
            signal.get(10, TimeUnit.SECONDS);
            assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(job);
            context.closeEndpoints();
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("waiting for job(s) [" + name + "] to start"), printed);
        String line = printed.lines().filter(l -> l.startsWith("savepoint: ")).findFirst()
            .orElseThrow(() -> new AssertionError("no savepoint line:\n" + printed));
        assertTrue(Files.isRegularFile(Path.of(line.substring("savepoint: ".length())).resolve("_metadata")), printed);
    }
}
