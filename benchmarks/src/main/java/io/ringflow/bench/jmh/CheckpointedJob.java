package io.ringflow.bench.jmh;

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
 * checkpoint interferes: every barrier comes from an on-demand savepoint, which takes the same
 * path through the tasks as a checkpoint (the API has no on-demand checkpoint).
 */
final class CheckpointedJob implements AutoCloseable {
    private static final long NO_PERIODIC_CHECKPOINT_MS = 3_600_000;
    private final JobClient job;
    private final BarrierProbe probe;
    private final Path dir;
    private final int parallelism;
    private int savepoints;

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
            .process(new CountPerKey()).uid("count")
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

    /** Triggers a savepoint into a fresh directory; completes when it is written. */
    CompletableFuture<Path> trigger() {
        return job.triggerSavepoint(dir.resolve("savepoint-" + ++savepoints));
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

    /** Waits for a savepoint and deletes it, so that the next one starts on an idle disk. */
    void complete(CompletableFuture<Path> savepoint) throws Exception {
        delete(savepoint.get(60, TimeUnit.SECONDS));
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

    /** Per key a running count in a {@code ValueState<Long>}; emits the key. */
    static final class CountPerKey extends KeyedProcessFunction<Long, Long, Long> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<Long> count;

        @Override
        public void open() {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Codecs.LONG));
        }

        @Override
        public void processElement(Long key, Context<Long> ctx, Collector<Long> out) {
            Long previous = count.value();
            count.update(previous == null ? 1 : previous + 1);
            out.collect(key);
        }
    }
}
