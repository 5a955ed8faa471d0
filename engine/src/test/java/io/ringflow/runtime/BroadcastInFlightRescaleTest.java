package io.ringflow.runtime;

import io.ringflow.api.CheckpointConfig;
import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.InvalidJobException;
import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.KeyedBroadcastProcessFunction;
import io.ringflow.api.state.MapStateDescriptor;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.DiscardingSink;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.testing.Eventually;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An unaligned checkpoint holding broadcast records in flight to a keyed operator is refused at
 * another parallelism (its subtasks were at different points of the broadcast stream, so keyed
 * state changed from the broadcast side would be changed twice or not at all for keys that move);
 * restored at its own parallelism with unaligned checkpoints off, a savepoint of it rescales.
 */
class BroadcastInFlightRescaleTest {
    static final MapStateDescriptor<Long, Long> RULES = new MapStateDescriptor<>("rules", Codecs.LONG, Codecs.LONG);

    @TempDir
    Path dir;

    @Test
    void shouldRefuseAnotherParallelismAndRestoreTheSame() throws Exception {
        // slow rules keep the broadcast rings full until the cancel; the latest checkpoint must hold broadcast
        // records in flight for the refusal to apply, which a loaded machine may miss: run again until it does
        long broadcastInFlight = 0;
        for (int run = 0; run < 5 && broadcastInFlight == 0; run++) {
            SlowRules.slow = true;
            JobClient first = job(3).executeAsync("broadcast-in-flight");
            try {
                Eventually.await("two checkpoints holding in-flight records", () -> first.checkpointStats().stream()
                    .filter(s -> s.status() == CheckpointStatus.COMPLETED && s.persistedInFlightBytes() > 0).count() >= 2
                    || first.status() != JobStatus.RUNNING, first::checkpointStats);
            } finally {
                first.cancel().get(30, TimeUnit.SECONDS);
                SlowRules.slow = false;
            }
            broadcastInFlight = broadcastRecordsInFlightOfLatest();
        }
        assertTrue(broadcastInFlight > 0, "no run left broadcast records in flight in its latest checkpoint");

        InvalidJobException refused = assertThrows(InvalidJobException.class,
            () -> job(2).setRestore("latest").executeAsync("broadcast-in-flight"));
        assertTrue(refused.getMessage().contains("'rules-per-key'") && refused.getMessage().contains("parallelism 3")
            && refused.getMessage().contains("take a savepoint (always aligned"), refused.getMessage());

        // the fix the refusal names: the same parallelism, a savepoint (aligned though checkpoints are unaligned), then rescale
        JobClient same = job(3).setRestore("latest").executeAsync("broadcast-in-flight");
        Path savepoint;
        try {
            savepoint = same.stopWithSavepoint(dir.resolve("savepoint")).get(30, TimeUnit.SECONDS);
            assertEquals(JobStatus.FINISHED, same.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(same);
        }
        JobClient rescaled = job(2).setRestore(savepoint.toString()).executeAsync("broadcast-in-flight");
        try {
            assertEquals(JobStatus.FINISHED, rescaled.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(rescaled);
        }
    }

    private long broadcastRecordsInFlightOfLatest() {
        io.ringflow.storage.CheckpointStorage storage = io.ringflow.storage.CheckpointStorage.create(
            job(3).getCheckpointConfig().storageOptions());
        return storage.latest("broadcast-in-flight").orElseThrow().metadata().channels().stream()
            .filter(c -> c.channel().upstreamUid().equals("rules") && c.channel().downstreamUid().equals("rules-per-key"))
            .mapToLong(io.ringflow.storage.metadata.ChannelStateMetadata::recordCount).sum();
    }

    private StreamEnvironment job(int parallelism) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(16).enableCheckpointing(10);
        CheckpointConfig config = env.getCheckpointConfig();
        config.enableUnalignedCheckpoints();
        config.setExternalizedCheckpointCleanup(CheckpointConfig.ExternalizedCheckpointCleanup.RETAIN_ON_CANCELLATION);
        config.storage().checkpointsDir(dir.resolve("checkpoints"));
        env.fromSource(GeneratorSource.bounded(20_000, n -> n).withRate(10_000), WatermarkStrategy.noWatermarks(), "numbers")
            .uid("numbers")
            .keyBy(n -> n % 16)
            .connect(env.fromSource(GeneratorSource.bounded(20_000, n -> n), WatermarkStrategy.noWatermarks(), "rules")
                .uid("rules").setParallelism(1).broadcast(RULES))
            .process(new SlowRules()).uid("rules-per-key").setParallelism(parallelism)
            .sinkTo(DiscardingSink.create()).uid("discard");
        return env;
    }

    /** Holds every rule; while slow, 200 µs a rule (4 s for all), so that the broadcast rings are full at every barrier. */
    static final class SlowRules extends KeyedBroadcastProcessFunction<Long, Long, Long, Long> {
        private static final long serialVersionUID = 1L;
        static volatile boolean slow;

        @Override
        public void processElement(Long value, ReadOnlyContext ctx, Collector<Long> out) {
            out.collect(value);
        }

        @Override
        public void processBroadcastElement(Long rule, Context ctx, Collector<Long> out) throws Exception {
            ctx.getBroadcastState(RULES).put(rule, rule);
            if (!slow) {
                return;
            }
            long until = System.nanoTime() + 200_000;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        }
    }
}
