package io.ringflow.bench.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * W3, checkpoints under back-pressure: unlimited source, 10,000 keys, a sink that busy-waits
 * 50 µs per record (at most about 20,000 events/s), so the ring between the tasks stays full.
 * Aligned and unaligned checkpoints every 1 s, 2 s warm-up + 18 s measured. An aligned barrier
 * waits behind the full ring (4,096 records × 50 µs ≈ 205 ms); an unaligned one overtakes it
 * and persists the ring's records instead. The checkpoints' traces go into the run object
 * ({@link TraceFigures}) for the report's waterfall of the median checkpoint.
 *
 * <p>W3f is the same with a ring of 16,384 slots, at least the about 11,000 events Flink's
 * network buffers hold in W3, so an aligned barrier waits behind as much as Flink's does or more.
 */
final class W3Backpressure implements Workload {
    static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(1);
    static final long SINK_BUSY_WAIT_NS = 50_000;
    static final int FLINK_SIZED_RING = 16_384;

    private final String name;
    private final int ringSize;

    W3Backpressure() {
        this("w3", 4096);
    }

    private W3Backpressure(String name, int ringSize) {
        this.name = name;
        this.ringSize = ringSize;
    }

    static W3Backpressure flinkSizedRing() {
        return new W3Backpressure("w3f", FLINK_SIZED_RING);
    }

    @Override
    public int ringSize() {
        return ringSize;
    }

    @Override
    public Duration checkpointInterval() {
        return CHECKPOINT_INTERVAL;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<RunSpec> plan(boolean quick, int repeats) {
        List<RunSpec> runs = new ArrayList<>();
        for (CheckpointMode mode : List.of(CheckpointMode.ALIGNED, CheckpointMode.UNALIGNED)) {
            RunSpec spec = quick ? RunSpec.of(name, mode, null, null, 1, 5) : RunSpec.of(name, mode, null, null, 2, 18);
            runs.addAll(spec.repeated(repeats));
            if (mode == CheckpointMode.UNALIGNED && !name.equals("w3f")) {
                runs.addAll(spec.withDurability("page-cache").repeated(repeats)); // the 1 ms target of an unaligned W3 checkpoint is set with page-cache
            }
        }
        return runs;
    }

    @Override
    public Map<String, Object> run(RunSpec spec) throws Exception {
        try (Pipeline pipeline = Pipeline.start(spec, SINK_BUSY_WAIT_NS)) {
            Map<String, Object> run = RunObject.of(spec);
            run.putAll(MeasuredWindow.measureTraced(pipeline, spec));
            run.put("sink_busy_wait_us", SINK_BUSY_WAIT_NS / 1000);
            return run;
        }
    }
}
