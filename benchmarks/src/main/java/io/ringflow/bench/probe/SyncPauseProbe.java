package io.ringflow.bench.probe;

import io.ringflow.api.CheckpointStats;
import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.CheckpointingMode;
import io.ringflow.api.JobClient;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.KeyedProcessFunction;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.DiscardingSink;
import io.ringflow.connector.GeneratorSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * How long a checkpoint's synchronous part stops a task thread, with a given number of keys of
 * state: W1's pipeline with checkpoints every 100 ms, printing the sync pause (µs) of every
 * completed checkpoint as p50 / max.
 * <pre>
 *   java $(scripts/jvm-flags) -cp benchmarks/target/benchmarks.jar io.ringflow.bench.probe.SyncPauseProbe KEYS SECONDS [aligned|unaligned]
 * </pre>
 */
public final class SyncPauseProbe {
    private SyncPauseProbe() {
    }

    /** W1's keyed count and sum per key. */
    static final class CountAndSum extends KeyedProcessFunction<Long, Long, Long> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<long[]> state;

        @Override
        public void open() {
            state = getRuntimeContext().getState(new ValueStateDescriptor<>("count-sum", Codecs.LONG_ARRAY));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) {
            long[] sums = state.value();
            if (sums == null) {
                sums = new long[2];
            }
            sums[0]++;
            sums[1] += value;
            state.update(sums);
            out.collect(sums[0]);
        }
    }

    public static void main(String[] args) throws Exception {
        long keys = Long.parseLong(args[0]);
        int seconds = Integer.parseInt(args[1]);
        boolean unaligned = args.length > 2 && args[2].equals("unaligned");
        Path dir = Files.createTempDirectory("sync-pause");
        StreamEnvironment env = StreamEnvironment.create();
        env.enableCheckpointing(100, CheckpointingMode.EXACTLY_ONCE);
        env.getCheckpointConfig().storage().checkpointsDir(dir);
        env.getCheckpointConfig().enableUnalignedCheckpoints(unaligned);
        env.fromSource(GeneratorSource.unbounded(seq -> seq % keys), WatermarkStrategy.noWatermarks(), "keys")
            .keyBy(key -> key)
            .process(new CountAndSum())
            .sinkTo(DiscardingSink.create());
        JobClient job = env.executeAsync("sync-pause");
        Thread.sleep(seconds * 1000L);
        job.cancel().join();
        List<CheckpointStats> completed = job.checkpointStats().stream()
            .filter(stats -> stats.status() == CheckpointStatus.COMPLETED).toList();
        long[] pauses = completed.stream().mapToLong(CheckpointStats::syncPauseMicros).sorted().toArray();
        long[] durations = completed.stream().mapToLong(CheckpointStats::endToEndDurationMs).sorted().toArray();
        System.out.printf("%,d keys, %s, %d checkpoints: sync pause p50 %d µs, max %d µs; end to end p50 %d ms, max %d ms%n",
            keys, unaligned ? "unaligned" : "aligned", pauses.length, pauses[pauses.length / 2], pauses[pauses.length - 1],
            durations[durations.length / 2], durations[durations.length - 1]);
        System.out.println("all sync pauses (µs): " + Arrays.toString(pauses));
    }
}
