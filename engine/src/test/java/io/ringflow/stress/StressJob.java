package io.ringflow.stress;

import io.ringflow.api.DataStream;
import io.ringflow.api.RestartStrategy;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.connector.Sink;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.ChronicleLogReader;
import io.ringflow.connector.ChronicleLogSink;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.storage.StorageOptions;

import java.nio.file.Path;
import java.time.Duration;

/** Builds a scenario's job (see {@link Scenario}) and reads back what its sink wrote. */
final class StressJob {
    static final Codec<Counted> CODEC = Codecs.forClass(Counted.class);

    private StressJob() {
    }

    static Path checkpoints(Path dir) {
        return dir.resolve("checkpoints");
    }

    static Path output(Path dir) {
        return dir.resolve("output");
    }

    /** The job, ready to execute; {@code restore} starts it from the newest complete checkpoint under {@code dir}. */
    static StreamEnvironment create(Scenario scenario, Path dir, boolean restore) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(scenario.parallelism())
            .setRingSize(scenario.ringSize())
            .setRestartStrategy(RestartStrategy.fixedDelay(scenario.failures(), Duration.ofMillis(10)));
        scenario.mode().configure(env);
        // Two retained, so that a kill while the newest is being written leaves an older one; the page cache
        // survives a SIGKILL, and flushing every 50 ms would only slow the machine the suite shares.
        env.getCheckpointConfig().storage().checkpointsDir(checkpoints(dir)).numRetained(2)
            .durability(StorageOptions.Durability.PAGE_CACHE);
        if (restore) {
            env.setRestore("latest");
        }

        Variant variant = scenario.variant();
        DataStream<Long> values = env.fromSource(GeneratorSource.bounded(scenario.inputs(), seq -> seq),
            WatermarkStrategy.noWatermarks(), "numbers").uid("numbers");
        if (variant.fanOut() > 1) {
            values = values.flatMap(new FanOut(variant.fanOut())).uid("fan-out");
        }
        values.keyBy(value -> value % Scenario.KEYS)
            .process(new CountPerKey(variant.slowKeyed())).uid("count-per-key")
            .rebalance()
            .map(new Pace(variant.slowSink())).uid("pace").setParallelism(1)
            .sinkTo(sink(scenario.mode(), output(dir))).uid("log").setParallelism(1);
        return env;
    }

    /** Exactly-once modes write through the two-phase-commit log sink; at-least-once makes records visible at once. */
    private static Sink<Counted> sink(Mode mode, Path log) {
        return mode.exactlyOnce() ? ChronicleLogSink.exactlyOnce(log, CODEC) : ChronicleLogSink.atLeastOnce(log, CODEC);
    }

    /** Feeds the sink's output to {@code checker}: committed records only in exactly-once modes, in commit order. */
    static OutputChecker.Verdict check(Scenario scenario, Path dir) {
        OutputChecker checker = new OutputChecker(scenario);
        if (scenario.mode().exactlyOnce()) {
            ChronicleLogReader.readCommitted(output(dir), CODEC, checker);
        } else {
            ChronicleLogReader.readAll(output(dir), CODEC, checker);
        }
        return checker.verdict();
    }
}
