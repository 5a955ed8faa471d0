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

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * How long a checkpoint barrier takes to cross the job: each sample runs from the trigger call
 * until the barrier was processed by every sink subtask, i.e. coordinator → source task (which
 * snapshots its position and emits the barrier) → ring → keyed task (synchronous snapshot of
 * 10,000 keys of state, aligned or not) → sink. Idle: the rings are empty; back-pressure: the
 * source emits without limit into a keyed task slowed to 20 µs a record, so the ring stays full,
 * an aligned barrier queues behind it and an unaligned one overtakes it. Each sample is a
 * checkpoint from {@code JobClient.triggerCheckpoint()}; its asynchronous write and completion are
 * waited for outside the sample. The
 * tear-down prints the two legs (trigger → last source emitted the barrier → last sink
 * processed it) from timestamps taken on the task threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class BarrierLatencyBenchmark {
    private static final int KEYS = 10_000;

    @Param({"aligned", "unaligned", "at_least_once"})
    public String mode;

    @Param({"1", "2"})
    public int parallelism;

    @Param({"idle", "backpressure"})
    public String load;

    private CheckpointedJob job;
    private CompletableFuture<CheckpointStats> checkpoint;
    private final BarrierLegs legs = new BarrierLegs();

    @Setup(Level.Trial)
    public void startJob() throws Exception {
        job = new CheckpointedJob(mode, parallelism, KEYS, load.equals("backpressure"));
    }

    @Benchmark
    public long sourceToSink() {
        long before = job.newestBarrier();
        long triggerNs = System.nanoTime();
        checkpoint = job.trigger();
        job.awaitBarrierAfter(before);
        legs.record(triggerNs, job.lastSourceNanos(), job.lastSinkNanos());
        return before;
    }

    /** Outside the sample: the checkpoint completes before the next trigger. */
    @TearDown(Level.Invocation)
    public void completeCheckpoint() throws Exception {
        CheckpointedJob.complete(checkpoint);
    }

    @TearDown(Level.Trial)
    public void stopJob() throws Exception {
        System.out.println(legs.describe(mode + ", parallelism " + parallelism + ", " + load));
        job.close();
    }
}
