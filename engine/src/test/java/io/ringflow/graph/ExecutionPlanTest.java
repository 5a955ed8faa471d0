package io.ringflow.graph;

import io.ringflow.api.InvalidJobException;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.DiscardingSink;
import io.ringflow.connector.GeneratorSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExecutionPlanTest {
    private static ExecutionPlan plan(StreamEnvironment env) {
        return ExecutionPlan.build(env.getStreamGraph(), env.getParallelism(), env.getMaxParallelism());
    }

    private static List<String> chainNames(ExecutionPlan plan) {
        return plan.chains().stream().map(chain -> chain.name() + " x" + chain.parallelism()).toList();
    }

    private static StreamEdge edge(StreamEnvironment env, String from, String to) {
        for (StreamNode node : env.getStreamGraph().nodes()) {
            for (StreamEdge edge : node.outputs()) {
                if (edge.source().name().equals(from) && edge.target().name().equals(to)) {
                    return edge;
                }
            }
        }
        throw new AssertionError("no edge " + from + " -> " + to);
    }

    private static StreamEnvironment env(int parallelism) {
        return StreamEnvironment.create().setParallelism(parallelism);
    }

    private static GeneratorSource<Long> numbers() {
        return GeneratorSource.bounded(10, n -> n);
    }

    @Test
    void shouldChainForwardEdgesOfEqualParallelismIntoOneTask() {
        StreamEnvironment env = env(3);
        env.fromSource(numbers(), WatermarkStrategy.noWatermarks(), "src")
            .map(n -> n + 1).name("inc")
            .filter(n -> n > 2).name("big")
            .sinkTo(DiscardingSink.create()).name("out");

        ExecutionPlan plan = plan(env);
        assertEquals(List.of("src -> inc -> big -> out x3"), chainNames(plan));
        assertNull(plan.codecOf(edge(env, "src", "inc")), "chained edges get no ring");
        assertNull(plan.codecOf(edge(env, "big", "out")));
    }

    @Test
    void shouldPutEveryOperatorInATaskOfItsOwnWhenChainingIsDisabled() {
        StreamEnvironment env = env(2).disableOperatorChaining();
        env.fromSource(numbers(), WatermarkStrategy.noWatermarks(), "src")
            .map(n -> n + 1).name("inc")
            .sinkTo(DiscardingSink.create()).name("out");

        ExecutionPlan plan = plan(env);
        assertEquals(List.of("src x2", "inc x2", "out x2"), chainNames(plan));
        assertNotNull(plan.codecOf(edge(env, "src", "inc")), "a ring where the operators would have chained");
    }

    @Test
    void shouldPutARingOnKeyByAndRebalanceEdges() {
        StreamEnvironment env = env(2);
        env.fromSource(numbers(), WatermarkStrategy.noWatermarks(), "src")
            .rebalance().map(n -> n * 2).name("double")
            .keyBy(n -> n % 3).reduce(Long::sum).name("sum")
            .sinkTo(DiscardingSink.create()).name("out");

        ExecutionPlan plan = plan(env);
        assertEquals(List.of("src x2", "double x2", "sum -> out x2"), chainNames(plan));
        assertSame(Codecs.LONG, plan.codecOf(edge(env, "src", "double")));
        assertSame(Codecs.LONG, plan.codecOf(edge(env, "double", "sum")));
        assertNull(plan.codecOf(edge(env, "sum", "out")));
    }

    @Test
    void shouldSplitChainWhereParallelismChangesBehindARebalance() {
        StreamEnvironment env = env(4);
        env.fromSource(numbers(), WatermarkStrategy.noWatermarks(), "src").setParallelism(2)
            .map(n -> n).name("left").setParallelism(2)
            .rebalance().map(n -> n).name("right")
            .sinkTo(DiscardingSink.create()).name("out");

        ExecutionPlan plan = plan(env);
        assertEquals(List.of("src -> left x2", "right -> out x4"), chainNames(plan));
        assertNotNull(plan.codecOf(edge(env, "left", "right")));
    }

    @Test
    void shouldRebalanceAnEdgeWithoutPartitioningWhereParallelismChanges() {
        StreamEnvironment env = env(4);
        env.fromSource(numbers(), WatermarkStrategy.noWatermarks(), "src").setParallelism(2)
            .map(n -> n).name("wide")
            .map(n -> n).name("narrow").setParallelism(1)
            .sinkTo(DiscardingSink.create()).name("out").setParallelism(1);
        // the first map inherits 4 from the environment; source is 2
        ExecutionPlan plan = plan(env);
        assertEquals(List.of("src x2", "wide x4", "narrow -> out x1"), chainNames(plan));
        assertEquals(Partitioning.REBALANCE, edge(env, "src", "wide").partitioning());
        assertEquals(Partitioning.REBALANCE, edge(env, "wide", "narrow").partitioning());
        assertEquals(Partitioning.FORWARD, edge(env, "narrow", "out").partitioning());
        StreamEdge rebalanced = edge(env, "src", "wide");
        assertSame(rebalanced, rebalanced.target().inputs().get(0), "the target reads the rebalanced edge too");
        assertNotNull(plan.codecOf(edge(env, "wide", "narrow")));
    }

    @Test
    void shouldStartNewChainWithAPointwiseRing() {
        StreamEnvironment env = env(2);
        env.fromSource(numbers(), WatermarkStrategy.noWatermarks(), "src")
            .map(n -> n).name("a")
            .map(n -> n).name("b").startNewChain()
            .sinkTo(DiscardingSink.create()).name("out");

        ExecutionPlan plan = plan(env);
        assertEquals(List.of("src -> a x2", "b -> out x2"), chainNames(plan));
        assertSame(Codecs.LONG, plan.codecOf(edge(env, "a", "b")));
        StreamNode b = edge(env, "a", "b").target();
        assertSame(plan.chains().get(1), plan.chainOf(b));
        assertSame(b, plan.chainOf(b).head());
    }

    @Test
    void shouldChainNothingToAnOperatorWithChainingDisabled() {
        StreamEnvironment env = env(2);
        env.fromSource(numbers(), WatermarkStrategy.noWatermarks(), "src")
            .map(n -> n).name("a")
            .map(n -> n).name("b").disableChaining()
            .map(n -> n).name("c")
            .sinkTo(DiscardingSink.create()).name("out");

        assertEquals(List.of("src -> a x2", "b x2", "c -> out x2"), chainNames(plan(env)));
    }

    @Test
    void shouldChainEveryForwardConsumerOfAFanOut() {
        StreamEnvironment env = env(1);
        var source = env.fromSource(numbers(), WatermarkStrategy.noWatermarks(), "src");
        source.map(n -> n).name("m1").sinkTo(DiscardingSink.create()).name("s1");
        source.filter(n -> true).name("f2").sinkTo(DiscardingSink.create()).name("s2");

        ExecutionPlan plan = plan(env);
        assertEquals(1, plan.chains().size());
        assertEquals(5, plan.chains().get(0).nodes().size());
        assertEquals("src", plan.chains().get(0).head().name());
    }

    @Test
    void shouldMakeANodeWithTwoInputsAChainHead() {
        StreamEnvironment env = env(1);
        var a = env.fromSource(numbers(), WatermarkStrategy.noWatermarks(), "a");
        var b = env.fromSource(numbers(), WatermarkStrategy.noWatermarks(), "b");
        a.map(n -> n).name("join").sinkTo(DiscardingSink.create()).name("out");
        StreamGraph graph = env.getStreamGraph();
        StreamNode join = edge(env, "a", "join").target();
        StreamNode bNode = graph.nodes().stream().filter(node -> node.name().equals("b")).findFirst().orElseThrow();
        graph.connect(bNode, join, Partitioning.FORWARD, null);

        ExecutionPlan plan = plan(env);
        assertEquals(List.of("a x1", "b x1", "join -> out x1"), chainNames(plan));
        assertNotNull(plan.codecOf(edge(env, "a", "join")));
        assertNotNull(plan.codecOf(edge(env, "b", "join")));
    }

    @Test
    void shouldApplyDefaultParallelismAndUids() {
        StreamEnvironment env = env(3);
        env.fromSource(numbers(), WatermarkStrategy.noWatermarks(), "src").uid("numbers")
            .sinkTo(DiscardingSink.create()).name("out");
        ExecutionPlan plan = plan(env);
        ExecutionPlan.Chain chain = plan.chains().get(0);
        assertEquals(3, chain.parallelism());
        assertEquals("numbers", chain.nodes().get(0).uid());
        assertNotNull(chain.nodes().get(1).uid(), "a default uid is derived");
    }

    @Test
    void shouldRejectAnEmptyJobAndAStreamWithoutSink() {
        StreamEnvironment empty = env(1);
        assertTrue(assertThrows(InvalidJobException.class, () -> plan(empty)).getMessage().contains("no operators"));

        StreamEnvironment dangling = env(1);
        dangling.fromSource(numbers(), WatermarkStrategy.noWatermarks(), "src").map(n -> n).name("lost");
        InvalidJobException e = assertThrows(InvalidJobException.class, () -> plan(dangling));
        assertTrue(e.getMessage().contains("'lost'") && e.getMessage().contains("sinkTo"), e.getMessage());
    }

    /**
     * Operators without uids get them from the topology: the same program gives the same uids,
     * and one with a map added before a keyed operator gives that operator another (before, the
     * new map took the keyed operator's uid, and with it its state and timers).
     */
    @Test
    void shouldGiveOperatorsWithoutUidsUidsFromTheirPlaceInTheTopology() {
        List<String> first = uidsOf(false);
        assertEquals(first, uidsOf(false), "the same program, the same uids");
        List<String> changed = uidsOf(true);
        assertEquals(first.get(0), changed.get(0), "the source is where it was");
        for (String uid : first.subList(1, first.size())) {
            assertTrue(!changed.contains(uid), uid + " now names another operator: " + changed);
        }
    }

    /** The uids in topological order of source, [map,] keyed reduce, sink. */
    private static List<String> uidsOf(boolean extraMap) {
        StreamEnvironment env = env(2);
        io.ringflow.api.DataStream<Long> numbers = env.fromSource(GeneratorSource.bounded(10, n -> n),
            WatermarkStrategy.noWatermarks(), "numbers");
        if (extraMap) {
            numbers = numbers.map(n -> n);
        }
        numbers.keyBy(n -> n % 4).reduce(Long::sum).sinkTo(DiscardingSink.create());
        plan(env);
        return env.getStreamGraph().topologicalOrder().stream().map(StreamNode::uid).toList();
    }
}
