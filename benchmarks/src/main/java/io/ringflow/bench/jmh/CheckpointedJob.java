package io.ringflow.bench.jmh;

import io.ringflow.api.CheckpointStats;
import io.ringflow.api.CheckpointingMode;
import io.ringflow.api.JobClient;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.KeyedProcessFunction;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.api.watermark.WatermarkStrategy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The job the checkpoint benchmarks measure, started in {@code @Setup} and cancelled in
 * {@code @TearDown}:
 * <pre>
 *   KeySource ══keyBy══► count per key (ValueState) ─► BarrierProbe
 * </pre>
 * Checkpointing is enabled in the chosen mode with an interval of an hour, so no periodic
 * checkpoint interferes: every barrier comes from {@link JobClient#triggerCheckpoint()}, a
 * regular checkpoint (aligned or unaligned as configured; a savepoint would always be aligned).
 * Under back-pressure the keyed task spends {@link #SLOW_RECORD_NANOS} on each record once every
 * key has state, so the ring in front of it stays full for the whole measurement: an aligned
 * barrier waits behind about 4,096 records, an unaligned one overtakes them.
 */
final class CheckpointedJob implements AutoCloseable {
    private static final long NO_PERIODIC_CHECKPOINT_MS = 3_600_000;
    /** A full ring of 4,096 records drains in about 82 ms. */
    static final long SLOW_RECORD_NANOS = 20_000;
    private final JobClient job;
    private final BarrierProbe probe;
    private final Path dir;
    private final int parallelism;

    /** Starts the job and waits until every key has state. @param mode aligned, unaligned or at_least_once */
    CheckpointedJob(String mode, int parallelism, int keys, boolean backpressure) throws Exception {
        this.parallelism = parallelism;
        this.dir = Files.createTempDirectory("ringflow-jmh-checkpoints-");
        StreamEnvironment env = StreamEnvironment.create().setParallelism(parallelism);
        env.enableCheckpointing(NO_PERIODIC_CHECKPOINT_MS,
            mode.equals("at_least_once") ? CheckpointingMode.AT_LEAST_ONCE : CheckpointingMode.EXACTLY_ONCE);
        if (mode.equals("unaligned")) {
            env.getCheckpointConfig().enableUnalignedCheckpoints();
        }
        env.getCheckpointConfig().storage().checkpointsDir(dir.resolve("checkpoints"));
        probe = new BarrierProbe();
        env.fromSource(new KeySource(keys, backpressure, probe), WatermarkStrategy.noWatermarks(), "keys").uid("keys")
            .keyBy(key -> key, Codecs.LONG)
            .process(new CountPerKey(keys, backpressure ? SLOW_RECORD_NANOS : 0)).uid("count")
            .sinkTo(probe);
        job = env.executeAsync("checkpoint-benchmark");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (probe.count() < keys) {
            if (job.status().isTerminal() || System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException("the job did not fill " + keys + " keys: " + job.status()
                    + job.failureCause().map(cause -> ", " + cause).orElse(""));
            }
            Thread.sleep(1);
        }
    }

    /** Triggers a checkpoint; completes with its statistics once its metadata is written. */
    CompletableFuture<CheckpointStats> trigger() {
        return job.triggerCheckpoint();
    }

    /**
     * Waits, yielding the core, until the barrier of a checkpoint newer than {@code afterId}
     * passed every sink; fails after a minute or when the job ended, so a broken job cannot hang
     * the benchmark.
     */
    void awaitBarrierAfter(long afterId) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!probe.allPassed(parallelism, afterId)) {
            if (System.nanoTime() > deadline || job.status().isTerminal()) {
                throw new IllegalStateException("no barrier after checkpoint " + afterId + " reached every sink: "
                    + job.status() + job.failureCause().map(cause -> ", " + cause).orElse(""));
            }
            Thread.yield();
        }
    }

    long newestBarrier() {
        return probe.newest(parallelism);
    }

    /** When the last source subtask emitted the newest barrier. */
    long lastSourceNanos() {
        return probe.lastSourceNanos(parallelism);
    }

    /** When the last sink subtask processed the newest barrier. */
    long lastSinkNanos() {
        return probe.lastSinkNanos(parallelism);
    }

    /** Waits for a checkpoint to complete (retention deletes the one before it). */
    static CheckpointStats complete(CompletableFuture<CheckpointStats> checkpoint) throws Exception {
        return checkpoint.get(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        job.cancel().get(30, TimeUnit.SECONDS);
        delete(dir);
    }

    private static void delete(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Per key a running count in a {@code ValueState<Long>}; emits the key, slowly once past {@code fastRecords}. */
    static final class CountPerKey extends KeyedProcessFunction<Long, Long, Long> {
        private static final long serialVersionUID = 1L;
        private final long fastRecords;
        private final long slowNanos;
        private transient ValueState<Long> count;
        private transient long processed;

        CountPerKey(long fastRecords, long slowNanos) {
            this.fastRecords = fastRecords;
            this.slowNanos = slowNanos;
        }

        @Override
        public void open() {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Codecs.LONG));
        }

        @Override
        public void processElement(Long key, Context ctx, Collector<Long> out) {
            Long previous = count.value();
            count.update(previous == null ? 1 : previous + 1);
            if (slowNanos > 0 && ++processed > fastRecords) {
                long until = System.nanoTime() + slowNanos;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            }
            out.collect(key);
        }
    }
}
