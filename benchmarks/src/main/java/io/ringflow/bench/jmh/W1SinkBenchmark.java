package io.ringflow.bench.jmh;

import io.ringflow.api.connector.SinkContext;
import io.ringflow.api.connector.SinkWriter;
import io.ringflow.bench.harness.KeyedCount;
import io.ringflow.bench.harness.LatencySink;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What W1's sink costs a record on its own: the harness's {@link LatencySink} as WORKLOADS.md
 * defines it ({@code System.nanoTime() - createdNanos} into an HdrHistogram {@code Recorder},
 * then the count). W1 runs the sink on the keyed task's thread, so one record can leave that
 * thread no faster than this: 1 / (this time) is W1's ceiling however cheap the engine is.
 * {@code clockOnly} is the clock read alone, for comparison.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class W1SinkBenchmark {
    private final LatencySink sink = new LatencySink(0);
    private SinkWriter<KeyedCount> writer;
    private KeyedCount record;

    @Setup
    public void setUp() {
        writer = sink.createWriter(new SinkContext() {
            @Override
            public int subtaskIndex() {
                return 0;
            }

            @Override
            public int parallelism() {
                return 1;
            }

            @Override
            public boolean isCheckpointingEnabled() {
                return false;
            }
        });
        // created about 240 µs ago, W1's median latency: the histogram bucket W1's records land in
        record = new KeyedCount(7, 1, 2, System.nanoTime() - 240_000);
    }

    @Benchmark
    public void sinkWrite() throws Exception {
        writer.write(record, 0);
    }

    @Benchmark
    public long clockOnly() {
        return System.nanoTime();
    }

    /** The sink written to, for checking that each call recorded one record. */
    LatencySink sink() {
        return sink;
    }
}
