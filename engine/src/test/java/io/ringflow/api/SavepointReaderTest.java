package io.ringflow.api;

import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.AggregateFunction;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.KeyedProcessFunction;
import io.ringflow.api.functions.OpenContext;
import io.ringflow.api.state.AggregatingStateDescriptor;
import io.ringflow.api.state.ListState;
import io.ringflow.api.state.ListStateDescriptor;
import io.ringflow.api.state.MapState;
import io.ringflow.api.state.MapStateDescriptor;
import io.ringflow.api.state.ReducingStateDescriptor;
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
    private static final AggregatingStateDescriptor<Long, Long, String> NEWEST = new AggregatingStateDescriptor<>("newest",
        new Newest(), Codecs.LONG);

    /** The largest value, as text. */
    static final class Newest implements AggregateFunction<Long, Long, String> {
        @Override
        public Long createAccumulator() {
            return Long.MIN_VALUE;
        }

        @Override
        public Long add(Long value, Long accumulator) {
            return Math.max(value, accumulator);
        }

        @Override
        public String getResult(Long accumulator) {
            return "newest " + accumulator;
        }

        @Override
        public Long merge(Long a, Long b) {
            return Math.max(a, b);
        }
    }

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
            PROCESSED.incrementAndGet();
            count.update(count.value() == null ? 1 : count.value() + 1);
            List<Long> kept = new java.util.ArrayList<>();
            last.get().forEach(kept::add);
            kept.add(value);
            last.update(kept.subList(Math.max(0, kept.size() - 3), kept.size()));
            long rest = value % 7;
            byRest.put(rest, byRest.contains(rest) ? byRest.get(rest) + 1 : 1);
            getRuntimeContext().getAggregatingState(NEWEST).add(value);
        }
    }

    private static final java.util.concurrent.atomic.AtomicLong PROCESSED = new java.util.concurrent.atomic.AtomicLong();

    @Test
    void readsEveryKeysValueListAndMapStateOfACheckpoint(@TempDir Path dir) throws Exception {
        // a running job's checkpoint once every record is in: a finished operator's state is not carried on, as in Flink
        PROCESSED.set(0);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(3).enableCheckpointing(3_600_000);
        env.getCheckpointConfig().storage().checkpointsDir(dir);
        env.fromSource(GeneratorSource.unbounded(v -> v).withRate(200_000), WatermarkStrategy.noWatermarks(), "numbers")
            .setParallelism(1)
            .filter(v -> v < N).setParallelism(1)
            .keyBy(v -> v % KEYS)
            .process(new Keep()).uid("keep").setMaxParallelism(64)
            .sinkTo(DiscardingSink.create());
        JobClient job = env.executeAsync("reader");
        try {
            io.ringflow.testing.Eventually.await("every record processed", () -> PROCESSED.get() == N, PROCESSED::get);
            assertEquals(CheckpointStatus.COMPLETED, job.triggerCheckpoint().get(30, java.util.concurrent.TimeUnit.SECONDS)
                .status());
        } finally {
            job.cancel().get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        Path last = CheckpointStorage.create(env.getCheckpointConfig().storageOptions()).latest("reader").orElseThrow()
            .directory();

        SavepointReader reader = SavepointReader.read(last);
        assertTrue(reader.operatorUids().contains("keep"), () -> "uids: " + reader.operatorUids());
        assertEquals(Set.of("count", "last-three", "by-rest", "newest"), reader.keyedStateNames("keep", Codecs.LONG));
        Map<Long, String> newest = reader.readAggregatingState("keep", Codecs.LONG, NEWEST);
        Map<Long, Long> counts = reader.readValueState("keep", Codecs.LONG, COUNT);
        Map<Long, List<Long>> lastThree = reader.readListState("keep", Codecs.LONG, LAST);
        Map<Long, Map<Long, Long>> byRest = reader.readMapState("keep", Codecs.LONG, BY_REST);
        assertEquals(KEYS, counts.size(), "every key, from every key group of the three subtasks");
        for (long key = 0; key < KEYS; key++) {
            assertEquals(N / KEYS, counts.get(key), "count of key " + key);
            long latest = N - KEYS + key;
            assertEquals(List.of(latest - 2 * KEYS, latest - KEYS, latest), lastThree.get(key), "last three of key " + key);
            assertEquals("newest " + latest, newest.get(key));
            Map<Long, Long> expected = new HashMap<>();
            for (long v = key; v < N; v += KEYS) {
                expected.merge(v % 7, 1L, Long::sum);
            }
            assertEquals(expected, byRest.get(key), "rests of key " + key);
        }
    }

    private static final ReducingStateDescriptor<Long> SUM = new ReducingStateDescriptor<>("sum", Long::sum, Codecs.LONG);
    private static final ListStateDescriptor<Long> SEEN = new ListStateDescriptor<>("seen", Codecs.LONG);
    private static final ListStateDescriptor<Long> SEEN_BY_ALL = new ListStateDescriptor<>("seen-by-all", Codecs.LONG);
    private static final MapStateDescriptor<Long, Long> THRESHOLDS =
        new MapStateDescriptor<>("thresholds", Codecs.LONG, Codecs.LONG);

    private static final long SUBTASK = 1_000_000_000L;

    /** Per subtask, its index times {@link #SUBTASK} plus how many records it saw, in list state and in union list state. */
    static final class CountSeen extends io.ringflow.api.functions.RichMapFunction<Long, Long>
        implements io.ringflow.api.state.CheckpointedFunction {
        private transient ListState<Long> seen;
        private transient ListState<Long> seenByAll;
        private long count;

        @Override
        public Long map(Long value) {
            count++;
            return value;
        }

        @Override
        public void snapshotState(io.ringflow.api.state.FunctionSnapshotContext context) throws Exception {
            long tagged = getRuntimeContext().getIndexOfThisSubtask() * SUBTASK + count;
            seen.update(List.of(tagged));
            seenByAll.update(List.of(tagged));
        }

        @Override
        public void initializeState(io.ringflow.api.state.FunctionInitializationContext context) throws Exception {
            seen = context.getOperatorStateStore().getListState(SEEN);
            seenByAll = context.getOperatorStateStore().getUnionListState(SEEN_BY_ALL);
        }
    }

    /** Keeps every broadcast threshold; sums each key's values in reducing state. */
    static final class Thresholds extends io.ringflow.api.functions.KeyedBroadcastProcessFunction<Long, Long, Long, Long> {
        @Override
        public void processElement(Long value, ReadOnlyContext ctx, Collector<Long> out) throws Exception {
            getRuntimeContext().getReducingState(SUM).add(value);
        }

        @Override
        public void processBroadcastElement(Long threshold, Context ctx, Collector<Long> out) throws Exception {
            ctx.getBroadcastState(THRESHOLDS).put(threshold, threshold * 10);
        }
    }

    @Test
    void readsReducingOperatorUnionAndBroadcastState(@TempDir Path dir) throws Exception {
        // a running job's checkpoint: a finished operator's state is not carried in later checkpoints, as in Flink
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).enableCheckpointing(3_600_000);
        env.getCheckpointConfig().storage().checkpointsDir(dir);
        DataStream<Long> numbers = env.fromSource(GeneratorSource.unbounded(v -> v).withRate(20_000),
            WatermarkStrategy.noWatermarks(), "numbers").uid("numbers").map(new CountSeen()).uid("seen");
        DataStream<Long> thresholds = env.fromData(List.of(1L, 2L, 3L)).uid("thresholds");
        numbers.keyBy(v -> v % 10).connect(thresholds.broadcast(THRESHOLDS)).process(new Thresholds()).uid("sums")
            .sinkTo(DiscardingSink.create());
        JobClient job = env.executeAsync("reader-kinds");
        try {
            Thread.sleep(300); // some records first; not a checked duration
            assertEquals(CheckpointStatus.COMPLETED, job.triggerCheckpoint().get(30, java.util.concurrent.TimeUnit.SECONDS)
                .status());
        } finally {
            job.cancel().get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
        SavepointReader reader = SavepointReader.read(CheckpointStorage.create(env.getCheckpointConfig().storageOptions())
            .latest("reader-kinds").orElseThrow().directory());

        List<Long> seen = reader.readListState("seen", SEEN);
        assertEquals(2, seen.size(), "one count per subtask: " + seen);
        assertEquals(java.util.Set.copyOf(seen), java.util.Set.copyOf(reader.readUnionState("seen", SEEN_BY_ALL)));
        long[] counts = new long[2];
        seen.forEach(tagged -> counts[(int) (tagged / SUBTASK)] = tagged % SUBTASK);
        assertTrue(counts[0] > 0 && counts[1] > 0, "records before the checkpoint: " + seen);
        // the aligned checkpoint's cut: subtask i of the source had emitted i, i + 2, ... up to its count
        Map<Long, Long> expected = new HashMap<>();
        for (int subtask = 0; subtask < 2; subtask++) {
            for (long n = 0; n < counts[subtask]; n++) {
                long v = subtask + 2 * n;
                expected.merge(v % 10, v, Long::sum);
            }
        }
        assertEquals(expected, reader.readReducingState("sums", Codecs.LONG, SUM));
        assertEquals(Map.of(1L, 10L, 2L, 20L, 3L, 30L), reader.readBroadcastState("sums", THRESHOLDS));
        IllegalArgumentException noState = assertThrows(IllegalArgumentException.class,
            () -> reader.readListState("seen", new ListStateDescriptor<>("seem", Codecs.LONG)));
        assertTrue(noState.getMessage().contains("'seem'") && noState.getMessage().contains("seen-by-all"), noState::getMessage);
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
        // the names there are listed too (which, depends on whether the last checkpoint came before the operator finished)
        assertTrue(noState.getMessage().contains("no keyed state named 'counts'; it has"), noState::getMessage);
    }
}
