package io.ringflow.bench.harness;

import io.ringflow.api.IdleStrategies;
import io.ringflow.api.JobClient;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.DiscardingSink;

import java.time.Duration;

/**
 * The common pipeline of the workloads, started as a job:
 * <pre>
 *   sequence source ─► map(value*2) ══keyBy(key)══► count/sum per key ─► latency sink
 *   [ task 1: source + map        ]   one ring    [ task 2: keyed function + sink   ]
 * </pre>
 * Parallelism 1; the ring between the two tasks plays the part of Flink's local channel.
 */
final class Pipeline {
    private final JobClient job;
    private final DiscardingSink<KeyedCount> sink;
    private final SourceStats sourceStats;

    private Pipeline(JobClient job, DiscardingSink<KeyedCount> sink, SourceStats sourceStats) {
        this.job = job;
        this.sink = sink;
        this.sourceStats = sourceStats;
    }

    /** Builds and starts the job; @param checkpointInterval used by the checkpointing modes */
    static Pipeline start(RunSpec spec, Duration checkpointInterval) {
        StreamEnvironment env = StreamEnvironment.create()
            .setParallelism(1)
            .setRingSize(spec.ringSize())
            .setSlotSize(spec.slotSize())
            .setIdleStrategy(IdleStrategies.byName(spec.idle()));
        spec.mode().enable(env, checkpointInterval);
        SequenceSource source = new SequenceSource(spec.keys(), spec.rate() == null ? 0 : spec.rate());
        DiscardingSink<KeyedCount> sink = DiscardingSink.withLatency(KeyedCount::createdNanos);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "sequence").uid("sequence")
            .map(new Operators.DoubleValue()).name("double value")
            .keyBy(new Operators.ByKey(), Codecs.LONG)
            .process(new Operators.CountAndSum()).name("count and sum").uid("count-and-sum")
            .sinkTo(sink).name("latency sink");
        return new Pipeline(env.executeAsync(spec.label()), sink, source.stats());
    }

    JobClient job() {
        return job;
    }

    DiscardingSink<KeyedCount> sink() {
        return sink;
    }

    SourceStats sourceStats() {
        return sourceStats;
    }
}
