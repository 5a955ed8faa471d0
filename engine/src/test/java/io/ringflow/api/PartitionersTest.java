package io.ringflow.api;

import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.Partitioner;
import io.ringflow.api.functions.RichMapFunction;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.ChronicleLogReader;
import io.ringflow.connector.ChronicleLogSink;
import io.ringflow.connector.CollectSink;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.testing.Eventually;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Flink's partitionings beside keyBy, rebalance and broadcast: shuffle, rescale, global, forward
 * and partitionCustom. Each record is tagged with the subtask that sent it and the one that got
 * it: {@code value * 100 + from * 10 + to}.
 */
class PartitionersTest {
    static final long EVENTS = 20_000;
    static final long SLOW_EVENTS = 200_000; // about 2 s through the slow map: checkpoints catch it running

    @TempDir
    Path dir;

    /** Flink's pairs, from its pointwise pattern ({@code EdgeManagerBuildUtil.connectPointwise}): "from>to,to;...". */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {"2|4|0>0,1;1>2,3", "4|2|0>0;1>0;2>1;3>1", "3|3|0>0;1>1;2>2", "2|3|0>0,1;1>2",
        "3|2|0>0;1>1;2>1", "3|4|0>0,1;1>2;2>3", "4|3|0>0;1>1;2>2;3>2", "2|5|0>0,1,2;1>3,4"})
    void shouldRescaleToTheSubtasksFlinksPatternGives(int upstream, int downstream, String flinksPairs) {
        Map<Integer, Set<Integer>> expected = new HashMap<>();
        for (String pair : flinksPairs.split(";")) {
            String[] fromTo = pair.split(">");
            Set<Integer> targets = new HashSet<>();
            for (String to : fromTo[1].split(",")) {
                targets.add(Integer.parseInt(to));
            }
            expected.put(Integer.parseInt(fromTo[0]), targets);
        }
        assertEquals(expected, routes(upstream, downstream, DataStream::rescale));
    }

    @Test
    void shouldShuffleOverEverySubtask() {
        Map<Integer, Set<Integer>> seen = routes(2, 3, DataStream::shuffle);
        assertEquals(Map.of(0, Set.of(0, 1, 2), 1, Set.of(0, 1, 2)), seen);
    }

    @Test
    void shouldSendEveryRecordToTheFirstSubtaskWithGlobal() {
        assertEquals(Map.of(0, Set.of(0), 1, Set.of(0)), routes(2, 3, DataStream::global));
    }

    @Test
    void shouldPartitionByTheUsersPartitioner() {
        CollectSink<Long> sink = new CollectSink<>();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(64);
        env.fromSource(GeneratorSource.bounded(EVENTS, n -> n), WatermarkStrategy.noWatermarks(), "numbers")
            .partitionCustom(new LastDigit(), n -> n)
            .map(new Tag()).setParallelism(3)
            .sinkTo(sink).setParallelism(3);
        assertEquals(JobStatus.FINISHED, Jobs.run(env, "custom").status());

        List<Long> results = sink.getResults();
        assertEquals(LongStream.range(0, EVENTS).boxed().toList(), results.stream().map(r -> r / 10).sorted().toList());
        for (long tagged : results) {
            assertEquals(tagged / 10 % 10 % 3, tagged % 10, "record " + tagged / 10 + " went where the partitioner said");
        }
    }

    @Test
    void shouldFailNamingAPartitionerThatReturnsNoSubtask() {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(64);
        env.fromSource(GeneratorSource.bounded(EVENTS, n -> n), WatermarkStrategy.noWatermarks(), "numbers")
            .partitionCustom((Partitioner<Long>) (key, partitions) -> partitions, n -> n)
            .sinkTo(new CollectSink<>());
        JobClient job = env.executeAsync("bad-partitioner");
        try {
            Throwable failure = assertThrows(Exception.class, () -> job.await(Jobs.TIMEOUT));
            String messages = "";
            for (Throwable t = failure; t != null; t = t.getCause()) {
                messages += t.getMessage() + " | ";
            }
            assertTrue(messages.contains("returned 2") && messages.contains("not a subtask number in [0, 2)"), messages);
        } finally {
            Jobs.stop(job);
        }
    }

    @Test
    void shouldRefuseAForwardAcrossAChangeOfParallelism() {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.fromSource(GeneratorSource.bounded(EVENTS, n -> n), WatermarkStrategy.noWatermarks(), "numbers")
            .forward().map(n -> n).setParallelism(3)
            .sinkTo(new CollectSink<>());
        InvalidJobException refused = assertThrows(InvalidJobException.class, () -> env.executeAsync("forward"));
        assertTrue(refused.getMessage().contains("forward partitioning does not allow a change of parallelism"),
            refused.getMessage());
        assertEquals(Map.of(0, Set.of(0), 1, Set.of(1)), routes(2, 2, DataStream::forward));
    }

    /**
     * Unaligned checkpoints hold records on their way through a custom partitioning; restored at
     * another parallelism, each goes where the partitioner sends it there, and none is lost or twice.
     */
    @ParameterizedTest(name = "3 -> {0}")
    @CsvSource({"2", "4"})
    void shouldReplayInFlightRecordsWhereThePartitionerSendsThemAtTheNewParallelism(int parallelism) throws Exception {
        JobClient first = slowCustomJob(3).executeAsync("custom-rescale");
        try {
            Eventually.await("checkpoints holding in-flight records", () -> first.checkpointStats().stream()
                .filter(s -> s.status() == CheckpointStatus.COMPLETED && s.persistedInFlightBytes() > 0).count() >= 3
                || first.status() != JobStatus.RUNNING, first::checkpointStats);
            assertEquals(JobStatus.RUNNING, first.status(), () -> "still running: " + first.failureCause());
        } finally {
            first.cancel().get(30, TimeUnit.SECONDS);
        }
        JobClient second = slowCustomJob(parallelism).setRestore("latest").executeAsync("custom-rescale");
        try {
            assertEquals(JobStatus.FINISHED, second.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(second);
        }
        assertTrue(second.replayedInFlightRecords() > 0, "the restore replayed in-flight records");
        List<Long> committed = ChronicleLogReader.readCommitted(dir.resolve("log"), Codecs.LONG);
        long[] times = new long[(int) SLOW_EVENTS];
        committed.forEach(r -> times[(int) (r / 100)]++);
        long missing = LongStream.range(0, SLOW_EVENTS).filter(v -> times[(int) v] == 0).count();
        long twice = LongStream.range(0, SLOW_EVENTS).filter(v -> times[(int) v] > 1).count();
        assertEquals("0 missing, 0 twice", missing + " missing, " + twice + " twice", "every record committed exactly once");
        long misrouted = committed.stream().filter(r -> r / 100 % 10 % parallelismOf(r) != r % 10).count();
        assertEquals(0, misrouted, "records routed by the partitioner at the parallelism that processed them");
    }

    /** The sink's tag carries the number of subtasks too: {@code value * 100 + subtasks * 10 + subtask}. */
    private static int parallelismOf(long tagged) {
        return (int) (tagged / 10 % 10);
    }

    private StreamEnvironment slowCustomJob(int parallelism) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(3).setRingSize(64).enableCheckpointing(10);
        env.getCheckpointConfig().enableUnalignedCheckpoints();
        env.getCheckpointConfig().setExternalizedCheckpointCleanup(
            CheckpointConfig.ExternalizedCheckpointCleanup.RETAIN_ON_CANCELLATION);
        env.getCheckpointConfig().storage().checkpointsDir(dir.resolve("checkpoints"));
        env.fromSource(GeneratorSource.bounded(SLOW_EVENTS, n -> n), WatermarkStrategy.noWatermarks(), "numbers").uid("numbers")
            .setParallelism(2)
            .partitionCustom(new LastDigit(), n -> n)
            .map(new SlowTagWithParallelism()).uid("slow").setParallelism(parallelism)
            .sinkTo(ChronicleLogSink.exactlyOnce(dir.resolve("log"), Codecs.LONG)).uid("log").setParallelism(parallelism);
        return env;
    }

    /** Source subtask → the subtasks that got its records, through {@code partitioning}. */
    private static Map<Integer, Set<Integer>> routes(int upstream, int downstream,
                                                     Function<DataStream<Long>, DataStream<Long>> partitioning) {
        CollectSink<Long> sink = new CollectSink<>();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(upstream).setRingSize(64);
        DataStream<Long> tagged = env.fromSource(GeneratorSource.bounded(EVENTS, n -> n), WatermarkStrategy.noWatermarks(),
            "numbers").map(new Tag());
        partitioning.apply(tagged).map(new Tag()).setParallelism(downstream).sinkTo(sink).setParallelism(downstream);
        assertEquals(JobStatus.FINISHED, Jobs.run(env, "routes").status());
        List<Long> results = sink.getResults();
        assertEquals(EVENTS, results.size(), "every record arrived once");
        Map<Integer, Set<Integer>> seen = new HashMap<>();
        for (long r : results) {
            seen.computeIfAbsent((int) (r / 10 % 10), k -> new HashSet<>()).add((int) (r % 10));
        }
        return seen;
    }

    /** Appends the digit of the subtask it runs in. */
    static final class Tag extends RichMapFunction<Long, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public Long map(Long value) {
            return value * 10 + getRuntimeContext().getIndexOfThisSubtask();
        }
    }

    /** Busy 10 µs a record, so that rings fill; appends the number of subtasks and its own. */
    static final class SlowTagWithParallelism extends RichMapFunction<Long, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public Long map(Long value) {
            long until = System.nanoTime() + 10_000;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            return value * 100 + getRuntimeContext().getNumberOfParallelSubtasks() * 10L
                + getRuntimeContext().getIndexOfThisSubtask();
        }
    }

    /** The record's last digit modulo the subtasks. */
    static final class LastDigit implements Partitioner<Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public int partition(Long key, int numPartitions) {
            return (int) (key % 10 % numPartitions);
        }
    }
}
