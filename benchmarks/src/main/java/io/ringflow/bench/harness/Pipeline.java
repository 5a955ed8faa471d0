package io.ringflow.bench.harness;

import io.ringflow.api.IdleStrategies;
import io.ringflow.api.JobClient;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.connector.Sink;
import io.ringflow.api.watermark.WatermarkStrategy;

import java.nio.file.Path;

/**
 * The common pipeline of W1–W3 and W5, started as a job:
 * <pre>
 *   sequence source ─► map(value*2) ══keyBy(key)══► count/sum per key ─► latency sink
 *   [ task 1: source + map        ]   one ring    [ task 2: keyed function + sink   ]
 * </pre>
 * Parallelism 1; the ring between the two tasks plays the part of Flink's local channel. W5
 * puts a log sink in the latency sink's place and measures at a reader ({@link LatencyProbe});
 * W4 builds the same pipeline with its own keyed function and sink.
 * {@link #close()} deletes the job's checkpoint directory; cancel the job first.
 */
final class Pipeline implements AutoCloseable {
    private final JobClient job;
    private final LatencyProbe probe;
    private final SequenceSource source;
    private final CheckpointDir checkpointDir;

    private Pipeline(JobClient job, LatencyProbe probe, SequenceSource source, CheckpointDir checkpointDir) {
        this.job = job;
        this.probe = probe;
        this.source = source;
        this.checkpointDir = checkpointDir;
    }

    /**
     * Builds and starts the job, checkpointing at the run's interval.
     * @param sinkBusyWaitNs time the sink spends per record (W3), 0 for none
     */
    static Pipeline start(RunSpec spec, long sinkBusyWaitNs) {
        LatencySink sink = new LatencySink(sinkBusyWaitNs);
        return start(spec, sink, sink);
    }

    /** Builds and starts the job with {@code sink}; the window measures at {@code probe}. */
    static Pipeline start(RunSpec spec, Sink<KeyedCount> sink, LatencyProbe probe) {
        CheckpointDir dir = CheckpointDir.create(spec.label());
        try {
            StreamEnvironment env = environment(spec, dir.path());
            SequenceSource source = new SequenceSource(spec.keys(), spec.rate() == null ? 0 : spec.rate());
            if (spec.recordBytes() > 0) {
                buildPadded(env, source, spec.recordBytes(), sink);
            } else {
                build(env, source, new Operators.CountAndSum(), sink);
            }
            return new Pipeline(env.executeAsync(spec.label()), probe, source, dir);
        } catch (RuntimeException e) {
            dir.close();
            throw e;
        }
    }

    /**
     * Parallelism 1, the run's ring, slot and idle strategy, and its checkpoint mode writing into
     * {@code dir} at the run's interval.
     */
    static StreamEnvironment environment(RunSpec spec, Path dir) {
        StreamEnvironment env = StreamEnvironment.create()
            .setParallelism(1)
            .setRingSize(spec.ringSize())
            .setSlotSize(spec.slotSize())
            .setIdleStrategy(IdleStrategies.byName(spec.idle()));
        if (spec.recordBytes() > 0) {
            env.setMaxRecordSize(spec.recordBytes());
        }
        spec.mode().enable(env, spec.checkpointInterval(), dir, spec.durability(), spec.incremental(), spec.fileMerging());
        env.getCheckpointConfig().setYieldAfterMicros(spec.yieldAfterUs());
        return env;
    }

    /** The common pipeline from {@code source} to {@code sink}, with the given keyed function. */
    static void build(StreamEnvironment env, SequenceSource source, Operators.CountAndSum keyed, Sink<KeyedCount> sink) {
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "sequence").uid("sequence")
            .map(new Operators.DoubleValue()).name("double value")
            .keyBy(new Operators.ByKey(), Codecs.LONG)
            .process(keyed).name("count and sum").uid("count-and-sum")
            .sinkTo(sink).name("sink");
    }

    /** The same pipeline with each event padded to {@code recordBytes} encoded bytes across the ring. */
    static void buildPadded(StreamEnvironment env, SequenceSource source, int recordBytes, Sink<KeyedCount> sink) {
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "sequence").uid("sequence")
            .map(new Operators.DoubleValue()).name("double value")
            .map(new Operators.Pad(recordBytes)).name("pad")
            .keyBy(new Operators.ByPaddedKey(), Codecs.LONG)
            .process(new Operators.PaddedCountAndSum()).name("count and sum").uid("count-and-sum")
            .sinkTo(sink).name("sink");
    }

    JobClient job() {
        return job;
    }

    LatencyProbe probe() {
        return probe;
    }

    SequenceSource source() {
        return source;
    }

    SourceStats sourceStats() {
        return source.stats();
    }

    @Override
    public void close() {
        checkpointDir.close();
    }
}
