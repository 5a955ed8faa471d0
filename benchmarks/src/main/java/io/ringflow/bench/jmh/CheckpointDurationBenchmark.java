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

import io.ringflow.api.CheckpointStats;

import java.util.concurrent.TimeUnit;

/**
 * End-to-end duration of one checkpoint, from the trigger call to its metadata on disk (files,
 * flushed: the storage default), with 10,000 or 1,000,000 keys of state (a {@code Long} each),
 * parallelism 1, idle or under back-pressure that keeps the ring full for the whole
 * measurement. Each sample is one checkpoint taken with {@code JobClient.triggerCheckpoint()},
 * aligned or unaligned as the job is configured.
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

    @Setup(Level.Trial)
    public void startJob() throws Exception {
        job = new CheckpointedJob(mode, 1, keys, load.equals("backpressure"));
    }

    @Benchmark
    public CheckpointStats endToEnd() throws Exception {
        return CheckpointedJob.complete(job.trigger());
    }

    @TearDown(Level.Trial)
    public void stopJob() throws Exception {
        job.close();
    }
}
