package io.ringflow.api;

import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.KeyedProcessFunction;
import io.ringflow.api.functions.OpenContext;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.ChronicleLogReader;
import io.ringflow.connector.ChronicleLogSink;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.storage.CheckpointStorage;
import io.ringflow.storage.CompletedCheckpoint;
import io.ringflow.storage.metadata.OperatorMetadata;
import io.ringflow.testing.Eventually;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An operator's own max parallelism, as Flink's {@code setMaxParallelism}: its keyed state is split
 * into that many key groups, records are routed to it by them, the checkpoint records it, and a
 * restore at another parallelism keeps every key's state; a restore with another one is refused.
 */
class OperatorMaxParallelismTest {
    private static final int KEYS = 1_000;
    private static final int N = 60_000;
    private static final Map<String, Set<Integer>> SEEN_MAX = new ConcurrentHashMap<>();

    /** Per key: how many records so far; emits {@code key * 1_000_000 + count}. */
    static final class Count extends KeyedProcessFunction<Long, Long, Long> {
        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext context) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Codecs.LONG));
            SEEN_MAX.computeIfAbsent(getRuntimeContext().getTaskName(), k -> ConcurrentHashMap.newKeySet())
                .add(getRuntimeContext().getMaxNumberOfParallelSubtasks());
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) throws Exception {
            long next = count.value() == null ? 1 : count.value() + 1;
            count.update(next);
            out.collect(ctx.getCurrentKey() * 1_000_000 + next);
        }
    }

    private static StreamEnvironment job(Path dir, int parallelism, int countMaxParallelism) {
        return job(dir, parallelism, countMaxParallelism, 0);
    }

    /** {@code rate}: events/s, 0 for unlimited. */
    private static StreamEnvironment job(Path dir, int parallelism, int countMaxParallelism, double rate) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(64).enableCheckpointing(10);
        env.getCheckpointConfig().setExternalizedCheckpointCleanup(
            CheckpointConfig.ExternalizedCheckpointCleanup.RETAIN_ON_CANCELLATION);
        env.getCheckpointConfig().storage().checkpointsDir(dir.resolve("checkpoints"));
        GeneratorSource<Long> numbers = GeneratorSource.bounded(N, v -> v);
        SingleOutputStreamOperator<Long> counts = env.fromSource(rate > 0 ? numbers.withRate(rate) : numbers,
                WatermarkStrategy.noWatermarks(), "numbers").uid("numbers")
            .keyBy(v -> v % KEYS)
            .process(new Count()).uid("count");
        if (countMaxParallelism > 0) {
            counts.setMaxParallelism(countMaxParallelism);
        }
        counts.setParallelism(parallelism)
            .sinkTo(ChronicleLogSink.exactlyOnce(dir.resolve("log"), Codecs.LONG)).uid("log").setParallelism(2);
        return env;
    }

    @Test
    void keyedStateKeepsItsOwnKeyGroupsThroughARescaledRestore(@TempDir Path dir) throws Exception {
        SEEN_MAX.clear();
        // parallelism 3 is above the environment's max parallelism of 2, below the operator's own 512
        StreamEnvironment firstEnv = job(dir, 3, 512, 60_000).setMaxParallelism(2); // about a second: cancelled midway
        JobClient first = firstEnv.executeAsync("own-max");
        CompletedCheckpoint checkpoint;
        try {
            Eventually.await("three checkpoints", () -> first.checkpointStats().stream()
                .filter(s -> s.status() == CheckpointStatus.COMPLETED).count() >= 3 || first.status() != JobStatus.RUNNING,
                first::checkpointStats);
            assertEquals(JobStatus.RUNNING, first.status(), () -> "still running: " + first.failureCause());
        } finally {
            first.cancel().get(30, TimeUnit.SECONDS);
        }
        checkpoint = CheckpointStorage.create(firstEnv.getCheckpointConfig().storageOptions()).latest("own-max").orElseThrow();
        Map<String, Integer> recorded = checkpoint.metadata().operators().stream()
            .collect(Collectors.toMap(OperatorMetadata::uid, OperatorMetadata::maxParallelism));
        assertEquals(512, recorded.get("count"), () -> "metadata: " + recorded);
        assertEquals(2, recorded.get("numbers"), () -> "metadata: " + recorded);

        // the same operator max at parallelism 2: every key's count goes on where it stopped
        JobClient second = job(dir, 2, 512).setMaxParallelism(2).setRestore("latest").executeAsync("own-max");
        try {
            assertEquals(JobStatus.FINISHED, second.await(Jobs.TIMEOUT).status(), () -> "failed: " + second.failureCause());
        } finally {
            Jobs.stop(second);
        }
        List<Long> expected = new ArrayList<>();
        for (long key = 0; key < KEYS; key++) {
            for (long count = 1; count <= N / KEYS; count++) {
                expected.add(key * 1_000_000 + count);
            }
        }
        List<Long> committed = ChronicleLogReader.readCommitted(dir.resolve("log"), Codecs.LONG).stream().sorted().toList();
        assertEquals(expected.size(), committed.size(), "every count committed once");
        assertEquals(expected, committed);
        assertTrue(SEEN_MAX.values().stream().allMatch(seen -> seen.equals(Set.of(512))), () -> "seen: " + SEEN_MAX);
    }

    @Test
    void aRestoreWithAnotherOperatorMaxIsRefused(@TempDir Path dir) throws Exception {
        JobClient first = job(dir, 2, 256).executeAsync("other-max");
        try {
            Eventually.await("a checkpoint", () -> first.checkpointStats().stream()
                .anyMatch(s -> s.status() == CheckpointStatus.COMPLETED) || first.status() != JobStatus.RUNNING,
                first::checkpointStats);
        } finally {
            first.cancel().get(30, TimeUnit.SECONDS);
        }
        StreamEnvironment restored = job(dir, 2, 0).setRestore("latest"); // the job's 128 instead of 256
        InvalidJobException refused = assertThrows(InvalidJobException.class, () -> restored.execute("other-max"));
        assertTrue(refused.getMessage().contains("max parallelism 256 for 'count'")
            && refused.getMessage().contains("setMaxParallelism(256)"), refused::getMessage);
    }

    @Test
    void badValuesAreRefusedWhereTheyAreSet() {
        StreamEnvironment env = StreamEnvironment.create().setMaxParallelism(4);
        SingleOutputStreamOperator<Long> mapped = env.fromSequence(0, 10).map(v -> v);
        assertThrows(InvalidJobException.class, () -> mapped.setMaxParallelism(0));
        assertThrows(InvalidJobException.class, () -> mapped.setMaxParallelism(32_769));
        assertThrows(InvalidJobException.class, () -> mapped.setParallelism(5)); // above the environment's 4
        mapped.setMaxParallelism(8).setParallelism(6); // its own 8 allows it
        InvalidJobException below = assertThrows(InvalidJobException.class, () -> mapped.setMaxParallelism(5));
        assertTrue(below.getMessage().contains("below its parallelism 6"), below::getMessage);
        InvalidJobException above = assertThrows(InvalidJobException.class, () -> mapped.setParallelism(9));
        assertTrue(above.getMessage().contains("its setMaxParallelism"), above::getMessage);
    }
}
