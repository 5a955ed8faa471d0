package io.ringflow.connector;

import io.ringflow.api.connector.Sink;
import io.ringflow.api.connector.SinkContext;
import io.ringflow.api.connector.SinkWriter;
import org.HdrHistogram.Recorder;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

/**
 * Drops records, counting them; optionally records end-to-end latency ({@code System.nanoTime()}
 * at arrival minus the record's creation time) in nanoseconds into an HdrHistogram
 * {@link Recorder} (3 significant digits, up to an hour: a longer latency counts as an hour), which
 * any thread can sample without stopping the job.
 */
public final class DiscardingSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;
    /**
     * The recorder's fixed range. A recorder that grows its histograms grows them by catching an
     * index out of bounds on the writing task's thread, which made the JIT recompile the task's
     * compiled record path each time a sampled interval histogram first grew; a fixed range also
     * records in 42 ns instead of 52 (benchmarks: W1SinkBenchmark).
     */
    public static final long HIGHEST_LATENCY_NANOS = 3_600_000_000_000L;
    // One counter per writer, written by that writer alone (ordered store, no atomic add), summed on read.
    private final transient List<AtomicLong> counts = new CopyOnWriteArrayList<>();
    private final transient Recorder latencyNanos;
    private final transient ToLongFunction<T> createdNanos;

    private DiscardingSink(ToLongFunction<T> createdNanos) {
        this.createdNanos = createdNanos;
        this.latencyNanos = createdNanos == null ? null : new Recorder(HIGHEST_LATENCY_NANOS, 3);
    }

    public static <T> DiscardingSink<T> create() {
        return new DiscardingSink<>(null);
    }

    /** Records {@code System.nanoTime() - createdNanos(record)} for every record. */
    public static <T> DiscardingSink<T> withLatency(ToLongFunction<T> createdNanos) {
        return new DiscardingSink<>(createdNanos);
    }

    @Override
    public SinkWriter<T> createWriter(SinkContext context) {
        AtomicLong count = new AtomicLong();
        counts.add(count);
        if (createdNanos == null) {
            return (element, timestamp) -> count.lazySet(count.get() + 1);
        }
        return (element, timestamp) -> {
            long latency = System.nanoTime() - createdNanos.applyAsLong(element);
            latencyNanos.recordValue(Math.min(HIGHEST_LATENCY_NANOS, Math.max(0, latency)));
            count.lazySet(count.get() + 1);
        };
    }

    /** Records received by all writers so far. */
    public long count() {
        long sum = 0;
        for (AtomicLong count : counts) {
            sum += count.get();
        }
        return sum;
    }

    /** Null unless made with {@link #withLatency}. */
    public Recorder latencyRecorder() {
        return latencyNanos;
    }
}
