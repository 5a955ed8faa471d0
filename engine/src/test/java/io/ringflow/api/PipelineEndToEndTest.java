package io.ringflow.api;

import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.KeyedProcessFunction;
import io.ringflow.api.state.ListState;
import io.ringflow.api.state.ListStateDescriptor;
import io.ringflow.api.state.MapState;
import io.ringflow.api.state.MapStateDescriptor;
import io.ringflow.api.state.ReducingState;
import io.ringflow.api.state.ReducingStateDescriptor;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.channel.OffHeapMemory;
import io.ringflow.connector.CollectSink;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.graph.ExecutionPlan;
import io.ringflow.graph.Partitioning;
import io.ringflow.graph.StreamEdge;
import io.ringflow.graph.StreamNode;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fluent API end to end, compared with the same computation in plain Java: source, map,
 * filter, flatMap, rebalance to another parallelism, keyBy into keyed state of every kind and a
 * rolling reduce, collecting sinks. Small rings make records cross full rings often.
 */
class PipelineEndToEndTest {
    private static final long COUNT = 3_000;
    private static final long KEYS = 7;

    /** A running total of one key, as the rolling reduce emits it. */
    private record Tally(long key, long sum, long count) {
    }

    /** A word and how often it was seen so far. */
    private record WordCount(String word, long count) {
    }

    /** Every kind of keyed state; a line per record ("seen") and, at the final watermark, one per key ("total"). */
    static final class Summary extends KeyedProcessFunction<Long, Long, String> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<Long> count;
        private transient ReducingState<Long> sum;
        private transient MapState<Long, Long> lastDigits;
        private transient ListState<Long> values;

        @Override
        public void open() {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Codecs.LONG, 0L));
            sum = getRuntimeContext().getReducingState(new ReducingStateDescriptor<>("sum", Long::sum, Codecs.LONG));
            lastDigits = getRuntimeContext().getMapState(new MapStateDescriptor<>("digits", Codecs.LONG, Codecs.LONG));
            values = getRuntimeContext().getListState(new ListStateDescriptor<>("values", Codecs.LONG));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<String> out) {
            long seen = count.value() + 1;
            count.update(seen);
            sum.add(value);
            Long digit = lastDigits.get(value % 10);
            lastDigits.put(value % 10, digit == null ? 1 : digit + 1);
            values.add(value);
            out.collect("seen " + ctx.getCurrentKey() + " #" + seen);
            if (seen == 1) {
                ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
            }
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
            Map<Long, Long> digits = new TreeMap<>();
            lastDigits.entries().forEach(entry -> digits.put(entry.getKey(), entry.getValue()));
            List<Long> all = new ArrayList<>();
            values.get().forEach(all::add);
            all.sort(null);
            out.collect(total(ctx.getCurrentKey(), count.value(), sum.get(), digits, all));
        }
    }

    static String total(long key, long count, long sum, Map<Long, Long> digits, List<Long> sortedValues) {
        return "total " + key + " count=" + count + " sum=" + sum + " digits=" + digits + " values=" + sortedValues.hashCode()
            + "/" + sortedValues.size();
    }

    private static List<Long> referenceInput() {
        return LongStream.range(0, COUNT).map(n -> n * 3).filter(n -> n % 2 == 0)
            .flatMap(n -> LongStream.of(n, n + 1)).boxed().toList();
    }

    private static Map<String, Long> multiset(List<String> items) {
        return items.stream().collect(Collectors.groupingBy(s -> s, TreeMap::new, Collectors.counting()));
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 4})
    void shouldComputeWhatPlainJavaComputes(int parallelism) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(parallelism).setRingSize(16);
        DataStream<Long> prepared = env.fromSource(GeneratorSource.bounded(COUNT, n -> n),
                WatermarkStrategy.noWatermarks(), "numbers")
            .map(n -> n * 3).name("triple")
            .filter(n -> n % 2 == 0).name("even")
            .flatMap((Long n, Collector<Long> out) -> {
                out.collect(n);
                out.collect(n + 1);
            }).returns(Codecs.LONG).name("pairs")
            .rebalance().map(n -> n).name("rebalanced").setParallelism(2);
        CollectSink<String> summaries = new CollectSink<>();
        prepared.keyBy(n -> n % KEYS).process(new Summary()).name("summary")
            .sinkTo(summaries).name("summary sink");
        CollectSink<Tally> tallies = new CollectSink<>();
        prepared.map(n -> new Tally(n % KEYS, n, 1)).name("tally").setParallelism(2)
            .keyBy(Tally::key).reduce((a, b) -> new Tally(a.key(), a.sum() + b.sum(), a.count() + b.count())).name("sum")
            .sinkTo(tallies).name("sum sink");

        ExecutionPlan plan = ExecutionPlan.build(env.getStreamGraph(), env.getParallelism(), env.getMaxParallelism());
        assertEquals(Set.of("numbers -> triple -> even -> pairs x" + parallelism, "rebalanced -> tally x2",
                "summary -> summary sink x" + parallelism, "sum -> sum sink x" + parallelism),
            plan.chains().stream().map(chain -> chain.name() + " x" + chain.parallelism()).collect(Collectors.toSet()));
        for (StreamNode node : env.getStreamGraph().nodes()) {
            for (StreamEdge edge : node.outputs()) {
                boolean ring = Set.of("rebalanced", "summary", "sum").contains(edge.target().name());
                if (ring) {
                    assertNotNull(plan.codecOf(edge), edge + " crosses a ring");
                } else {
                    assertNull(plan.codecOf(edge), edge + " is chained");
                }
            }
        }

        long memoryBefore = OffHeapMemory.allocatedBytes();
        JobExecutionResult result = Jobs.run(env, "pipeline-p" + parallelism);
        assertEquals(JobStatus.FINISHED, result.status());
        assertEquals(memoryBefore, OffHeapMemory.allocatedBytes(), "a finished job has freed its rings");

        List<Long> input = referenceInput();
        Map<Long, List<Long>> byKey = new TreeMap<>();
        input.forEach(n -> byKey.computeIfAbsent(n % KEYS, k -> new ArrayList<>()).add(n));
        List<String> expected = new ArrayList<>();
        byKey.forEach((key, values) -> {
            for (int i = 1; i <= values.size(); i++) {
                expected.add("seen " + key + " #" + i);
            }
            Map<Long, Long> digits = values.stream()
                .collect(Collectors.groupingBy(v -> v % 10, TreeMap::new, Collectors.counting()));
            List<Long> sorted = new ArrayList<>(values);
            sorted.sort(null);
            expected.add(total(key, values.size(), values.stream().mapToLong(Long::longValue).sum(), digits, sorted));
        });
        assertEquals(multiset(expected), multiset(summaries.getResults()));

        assertEquals(input.size(), tallies.getResults().size());
        Map<Long, Long> finalSums = new HashMap<>();
        Map<Long, Long> lastCount = new HashMap<>();
        Map<Long, Integer> subtaskOfKey = new HashMap<>();
        List<List<Tally>> perSubtask = tallies.getResultsPerSubtask();
        for (int subtask = 0; subtask < perSubtask.size(); subtask++) {
            int index = subtask;
            for (Tally tally : perSubtask.get(subtask)) {
                assertEquals(index, subtaskOfKey.computeIfAbsent(tally.key(), k -> index),
                    "a key lives in one subtask: " + tally);
                assertEquals(lastCount.getOrDefault(tally.key(), 0L) + 1, tally.count(),
                    "a key's running counts arrive in order: " + tally);
                lastCount.put(tally.key(), tally.count());
                finalSums.put(tally.key(), tally.sum());
            }
        }
        Map<Long, Long> expectedSums = new HashMap<>();
        byKey.forEach((key, values) -> expectedSums.put(key, values.stream().mapToLong(Long::longValue).sum()));
        assertEquals(expectedSums, finalSums);
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 4})
    void shouldCountWordsFromACollectionInOrderPerWord(int parallelism) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            lines.add("the quick brown fox " + (i % 3 == 0 ? "jumps" : "sleeps") + " over The lazy dog " + i % 5);
        }
        StreamEnvironment env = StreamEnvironment.create().setParallelism(parallelism).setRingSize(16);
        CollectSink<WordCount> sink = new CollectSink<>();
        env.fromCollection(lines)
            .rebalance()
            .flatMap((String line, Collector<String> out) -> {
                for (String word : line.split(" ")) {
                    out.collect(word);
                }
            }).returns(Codecs.STRING).name("split")
            .map(word -> new WordCount(word.toLowerCase(), 1)).name("lower")
            .keyBy(WordCount::word)
            .reduce((a, b) -> new WordCount(a.word(), a.count() + b.count())).name("count")
            .sinkTo(sink);

        assertEquals(JobStatus.FINISHED, Jobs.run(env, "word-count-p" + parallelism).status());

        Map<String, Long> expected = new LinkedHashMap<>();
        for (String line : lines) {
            for (String word : line.split(" ")) {
                expected.merge(word.toLowerCase(), 1L, Long::sum);
            }
        }
        Map<String, Long> finalCounts = new HashMap<>();
        Map<String, Integer> subtaskOf = new HashMap<>();
        List<List<WordCount>> perSubtask = sink.getResultsPerSubtask();
        for (int subtask = 0; subtask < perSubtask.size(); subtask++) {
            int index = subtask;
            for (WordCount count : perSubtask.get(subtask)) {
                assertEquals(finalCounts.getOrDefault(count.word(), 0L) + 1, count.count(), "in order: " + count);
                finalCounts.put(count.word(), count.count());
                assertEquals(subtask, subtaskOf.computeIfAbsent(count.word(), w -> index),
                    "word " + count.word() + " lives in one subtask");
            }
        }
        assertEquals(expected, finalCounts);
        assertEquals(expected.values().stream().mapToLong(Long::longValue).sum(), sink.getResults().size());
        assertEquals(parallelism, perSubtask.size(), "one collecting writer per sink subtask");
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 4})
    void shouldKeepEachSubtasksOrderAcrossANewChainAndFeedEveryConsumerOfAFanOut(int parallelism) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(parallelism).setRingSize(16);
        DataStream<Long> numbers = env.fromSource(GeneratorSource.bounded(COUNT, n -> n), WatermarkStrategy.noWatermarks(),
            "numbers");
        CollectSink<Long> forwarded = new CollectSink<>();
        numbers.map(n -> n).name("own chain").startNewChain().sinkTo(forwarded);
        CollectSink<Long> chained = new CollectSink<>();
        numbers.filter(n -> n % 2 == 0).sinkTo(chained);
        CollectSink<Long> keyed = new CollectSink<>();
        numbers.keyBy(n -> n % 5).reduce(Math::max).sinkTo(keyed);

        ExecutionPlan plan = ExecutionPlan.build(env.getStreamGraph(), env.getParallelism(), env.getMaxParallelism());
        assertEquals(3, plan.chains().size(), "numbers -> filter -> sink, own chain -> sink, reduce -> sink");
        assertEquals(JobStatus.FINISHED, Jobs.run(env, "fan-out-p" + parallelism).status());

        List<List<Long>> perSubtask = forwarded.getResultsPerSubtask();
        assertEquals(parallelism, perSubtask.size());
        List<Long> all = new ArrayList<>();
        for (List<Long> subtask : perSubtask) {
            long residue = subtask.get(0) % parallelism;
            for (int i = 0; i < subtask.size(); i++) {
                assertEquals(residue + (long) i * parallelism, subtask.get(i), "a pointwise ring keeps its subtask's order");
            }
            all.addAll(subtask);
        }
        all.sort(null);
        assertEquals(LongStream.range(0, COUNT).boxed().toList(), all);
        assertEquals(COUNT / 2, chained.getResults().size());
        assertEquals(COUNT, keyed.getResults().size());
        Map<Long, Long> maxima = new HashMap<>();
        keyed.getResults().forEach(max -> maxima.merge(max % 5, max, Math::max));
        assertEquals(Map.of(0L, COUNT - 5, 1L, COUNT - 4, 2L, COUNT - 3, 3L, COUNT - 2, 4L, COUNT - 1), maxima);
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 4})
    void shouldMergeTwoInputsOfAnOperatorBuiltOnTheGraph(int parallelism) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(parallelism).setRingSize(16);
        DataStream<Long> evens = env.fromSource(GeneratorSource.bounded(500, n -> 2 * n), WatermarkStrategy.noWatermarks(),
            "evens");
        env.fromSource(GeneratorSource.bounded(500, n -> 2 * n + 1), WatermarkStrategy.noWatermarks(), "odds")
            .setParallelism(1); // consumed through the graph edge below
        CollectSink<Long> sink = new CollectSink<>();
        evens.rebalance().map(n -> n).name("merge").sinkTo(sink);
        StreamNode merge = env.getStreamGraph().nodes().stream().filter(node -> node.name().equals("merge"))
            .findFirst().orElseThrow();
        StreamNode oddsNode = env.getStreamGraph().nodes().stream().filter(node -> node.name().equals("odds"))
            .findFirst().orElseThrow();
        env.getStreamGraph().connect(oddsNode, merge, Partitioning.REBALANCE, null);

        assertEquals(JobStatus.FINISHED, Jobs.run(env, "two-inputs-p" + parallelism).status());

        List<Long> all = new ArrayList<>(sink.getResults());
        all.sort(null);
        assertEquals(LongStream.range(0, 1_000).boxed().toList(), all);
    }

    @ParameterizedTest(name = "max parallelism {0}")
    @ValueSource(ints = {3, 5, 7})
    void shouldRouteEveryKeyToTheSubtaskOwningItsKeyGroup(int maxParallelism) {
        StreamEnvironment env = StreamEnvironment.create().setMaxParallelism(maxParallelism).setParallelism(3)
            .setRingSize(16);
        CollectSink<String> sink = new CollectSink<>();
        env.fromSource(GeneratorSource.bounded(1_000, n -> n), WatermarkStrategy.noWatermarks(), "numbers")
            .keyBy(n -> n % 50)
            .process(new Summary())
            .sinkTo(sink);

        assertEquals(JobStatus.FINISHED, Jobs.run(env, "uneven-key-groups").status());

        List<String> totals = sink.getResults().stream().filter(line -> line.startsWith("total")).toList();
        assertEquals(50, totals.size());
        totals.forEach(line -> assertTrue(line.contains(" count=20 "), line));
    }
}
