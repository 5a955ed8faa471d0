package io.ringflow.api;

import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.KeyedProcessFunction;
import io.ringflow.api.functions.OpenContext;
import io.ringflow.api.state.ListState;
import io.ringflow.api.state.ListStateDescriptor;
import io.ringflow.api.state.MapState;
import io.ringflow.api.state.MapStateDescriptor;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.DiscardingSink;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.storage.CheckpointStorage;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keyed state read back from a job's last checkpoint, key by key, against what the job was given. */
class SavepointReaderTest {
    private static final int KEYS = 100;
    private static final int N = 30_000;
    private static final ValueStateDescriptor<Long> COUNT = new ValueStateDescriptor<>("count", Codecs.LONG);
    private static final ListStateDescriptor<Long> LAST = new ListStateDescriptor<>("last-three", Codecs.LONG);
    private static final MapStateDescriptor<Long, Long> BY_REST = new MapStateDescriptor<>("by-rest", Codecs.LONG, Codecs.LONG);

    /** Per key: its count, its last three values, and how many of its values had each rest modulo 7. */
    static final class Keep extends KeyedProcessFunction<Long, Long, Long> {
        private transient ValueState<Long> count;
        private transient ListState<Long> last;
        private transient MapState<Long, Long> byRest;

        @Override
        public void open(OpenContext context) {
            count = getRuntimeContext().getState(COUNT);
            last = getRuntimeContext().getListState(LAST);
            byRest = getRuntimeContext().getMapState(BY_REST);
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) throws Exception {
            count.update(count.value() == null ? 1 : count.value() + 1);
            List<Long> kept = new java.util.ArrayList<>();
            last.get().forEach(kept::add);
            kept.add(value);
            last.update(kept.subList(Math.max(0, kept.size() - 3), kept.size()));
            long rest = value % 7;
            byRest.put(rest, byRest.contains(rest) ? byRest.get(rest) + 1 : 1);
        }
    }

    @Test
    void readsEveryKeysValueListAndMapStateOfTheLastCheckpoint(@TempDir Path dir) throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(3).enableCheckpointing(20);
        env.getCheckpointConfig().storage().checkpointsDir(dir);
        env.fromSource(GeneratorSource.bounded(N, v -> v), WatermarkStrategy.noWatermarks(), "numbers").setParallelism(1)
            .keyBy(v -> v % KEYS)
            .process(new Keep()).uid("keep").setMaxParallelism(64)
            .sinkTo(DiscardingSink.create());
        assertEquals(JobStatus.FINISHED, Jobs.run(env, "reader").status());
        Path last = CheckpointStorage.create(env.getCheckpointConfig().storageOptions()).latest("reader").orElseThrow()
            .directory();

        SavepointReader reader = SavepointReader.read(last);
        assertTrue(reader.operatorUids().contains("keep"), () -> "uids: " + reader.operatorUids());
        assertEquals(Set.of("count", "last-three", "by-rest"), reader.keyedStateNames("keep", Codecs.LONG));
        Map<Long, Long> counts = reader.readValueState("keep", Codecs.LONG, COUNT);
        Map<Long, List<Long>> lastThree = reader.readListState("keep", Codecs.LONG, LAST);
        Map<Long, Map<Long, Long>> byRest = reader.readMapState("keep", Codecs.LONG, BY_REST);
        assertEquals(KEYS, counts.size(), "every key, from every key group of the three subtasks");
        for (long key = 0; key < KEYS; key++) {
            assertEquals(N / KEYS, counts.get(key), "count of key " + key);
            long newest = N - KEYS + key;
            assertEquals(List.of(newest - 2 * KEYS, newest - KEYS, newest), lastThree.get(key), "last three of key " + key);
            Map<Long, Long> expected = new HashMap<>();
            for (long v = key; v < N; v += KEYS) {
                expected.merge(v % 7, 1L, Long::sum);
            }
            assertEquals(expected, byRest.get(key), "rests of key " + key);
        }
    }

    @Test
    void unknownOperatorsAndStatesAreNamedWithWhatThereIs(@TempDir Path dir) throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).enableCheckpointing(20);
        env.getCheckpointConfig().storage().checkpointsDir(dir);
        env.fromSequence(0, 999).keyBy(v -> v % 10).process(new Keep()).uid("keep").sinkTo(DiscardingSink.create());
        assertEquals(JobStatus.FINISHED, Jobs.run(env, "reader-errors").status());
        SavepointReader reader = SavepointReader.read(CheckpointStorage.create(env.getCheckpointConfig().storageOptions())
            .latest("reader-errors").orElseThrow().directory());
        IllegalArgumentException noOperator = assertThrows(IllegalArgumentException.class,
            () -> reader.readValueState("kept", Codecs.LONG, COUNT));
        assertTrue(noOperator.getMessage().contains("operator 'kept'") && noOperator.getMessage().contains("keep"),
            noOperator::getMessage);
        IllegalArgumentException noState = assertThrows(IllegalArgumentException.class,
            () -> reader.readValueState("keep", Codecs.LONG, new ValueStateDescriptor<>("counts", Codecs.LONG)));
        assertTrue(noState.getMessage().contains("'counts'") && noState.getMessage().contains("by-rest"), noState::getMessage);
    }
}
