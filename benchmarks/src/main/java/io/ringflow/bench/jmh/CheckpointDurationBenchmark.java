package io.ringflow.bench.jmh;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * End-to-end duration of one checkpoint, from the trigger call to its metadata on disk (files,
 * flushed: the storage default), with 10,000 or 1,000,000 keys of state (a {@code Long} each),
 * parallelism 1, idle or under full back-pressure. Each sample is one on-demand savepoint, which
 * takes the same barrier, snapshot and write path as a checkpoint; its directory is deleted
 * outside the sample.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CheckpointDurationBenchmark {
    @Param({"10000", "1000000"})
    public int keys;

    @Param({"idle", "backpressure"})
    public String load;

    @Param({"aligned", "unaligned"})
    public String mode;

    private CheckpointedJob job;
    private Path written;

    @Setup(Level.Trial)
    public void startJob() throws Exception {
        job = new CheckpointedJob(mode, 1, keys, load.equals("backpressure"));
    }

    @Benchmark
    public Path endToEnd() throws Exception {
        CompletableFuture<Path> savepoint = job.trigger();
        written = savepoint.get(60, TimeUnit.SECONDS);
        return written;
    }

    @TearDown(Level.Invocation)
    public void deleteSavepoint() throws Exception {
        job.complete(CompletableFuture.completedFuture(written));
    }

    @TearDown(Level.Trial)
    public void stopJob() throws Exception {
        job.close();
    }
}
