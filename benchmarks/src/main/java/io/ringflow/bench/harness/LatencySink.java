package io.ringflow.bench.harness;

import io.ringflow.api.connector.Sink;
import io.ringflow.api.connector.SinkContext;
import io.ringflow.api.connector.SinkWriter;
import org.HdrHistogram.Recorder;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The latency sink of W1–W3: records {@code nanoTime() - createdNanos} into an HdrHistogram
 * {@link Recorder} (3 significant digits), counts the record, and for W3 then busy-waits a fixed
 * time per record so that the sink is the bottleneck. Parallelism 1: one writer. The sink object
 * is shared by every attempt of the job, so its count and histogram survive a restart.
 */
public final class LatencySink implements Sink<KeyedCount>, LatencyProbe {
    private static final long serialVersionUID = 1L;
    /**
     * Latencies up to an hour, beyond which a value counts as an hour. A fixed range, not one that
     * grows: a growing histogram grows by catching an index out of bounds on the task's thread,
     * which, when the harness swaps in a fresh interval histogram at the window's start, made the
     * JIT throw away the keyed task's compiled record path and compile a worse one mid-run.
     */
    static final long HIGHEST_NANOS = 3_600_000_000_000L;
    private final transient Recorder latencyNanos = new Recorder(HIGHEST_NANOS, 3);
    // Written by the one writer thread alone (ordered store, no atomic add), read by the harness.
    private final transient AtomicLong count = new AtomicLong();
    private final long busyWaitNs;

    /** @param busyWaitNs time spent per record after recording its latency; 0 for none */
    public LatencySink(long busyWaitNs) {
        this.busyWaitNs = busyWaitNs;
    }

    @Override
    public SinkWriter<KeyedCount> createWriter(SinkContext context) {
        if (busyWaitNs == 0) {
            return (record, timestamp) -> {
                latencyNanos.recordValue(Math.min(HIGHEST_NANOS, Math.max(0, System.nanoTime() - record.createdNanos())));
                count.lazySet(count.get() + 1);
            };
        }
        return (record, timestamp) -> {
            long arrivalNs = System.nanoTime();
            latencyNanos.recordValue(Math.min(HIGHEST_NANOS, Math.max(0, arrivalNs - record.createdNanos())));
            count.lazySet(count.get() + 1);
            while (System.nanoTime() < arrivalNs + busyWaitNs) {
                Thread.onSpinWait();
            }
        };
    }

    @Override
    public long count() {
        return count.get();
    }

    @Override
    public Recorder latencyRecorder() {
        return latencyNanos;
    }
}
