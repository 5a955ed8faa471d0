package io.ringflow.bench.harness;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shape of one entry of {@code results.json}: the required fields first, null where they
 * do not apply, then the extras of the run. A failed run carries {@code error} instead of figures.
 */
final class RunObject {
    private RunObject() {
    }

    static Map<String, Object> of(RunSpec spec) {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("workload", spec.workload());
        run.put("mode", spec.mode().jsonName());
        run.put("rate", spec.rate());
        run.put("events_per_s", null);
        run.put("latency_us", null);
        Map<String, Object> checkpoints = new LinkedHashMap<>();
        checkpoints.put("completed", spec.mode() == CheckpointMode.NONE ? 0 : null);
        checkpoints.put("duration_ms_p50", null);
        checkpoints.put("duration_ms_max", null);
        checkpoints.put("inflight_bytes_p50", null);
        run.put("checkpoints", checkpoints);
        run.put("recovery_ms", null);
        run.put("exactly_once", null);
        run.put("repeat", spec.repeat());
        run.put("buffer_timeout_ms", spec.bufferTimeoutMs());
        run.put("keys", spec.keys());
        run.put("idle_strategy", spec.idle());
        run.put("ring_size", spec.ringSize());
        run.put("slot_size", spec.slotSize());
        if (spec.recordBytes() > 0) {
            run.put("record_bytes", spec.recordBytes());
        }
        run.put("warmup_s", spec.warmupS());
        run.put("durability", spec.mode().checkpoints() ? spec.durability() : null);
        run.put("checkpoint_interval_ms", spec.mode().checkpoints() ? intervalMs(spec) : null);
        run.put("incremental", spec.mode().checkpoints() ? spec.incremental() : null);
        run.put("file_merging", spec.mode().checkpoints() ? spec.fileMerging() : null);
        run.put("yield_after_us", spec.mode().checkpoints() ? spec.yieldAfterUs() : null);
        run.put("jvm_args", String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        return run;
    }

    /** Null for an unknown workload without {@code --interval-ms}, so that its error object is still written. */
    private static Long intervalMs(RunSpec spec) {
        try {
            return spec.checkpointInterval().toMillis();
        } catch (IllegalArgumentException unknownWorkload) {
            return null;
        }
    }

    static Map<String, Object> error(RunSpec spec, String message) {
        Map<String, Object> run = of(spec);
        run.put("checkpoints", null);
        run.put("error", message);
        return run;
    }
}
