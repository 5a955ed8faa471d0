package io.ringflow.graph;

import io.ringflow.api.InvalidJobException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamGraphTest {
    private static final OperatorFactory NONE = (subtask, attempt) -> {
        throw new AssertionError("not run");
    };

    @Test
    void shouldOrderNodesAfterTheirInputs() {
        StreamGraph graph = new StreamGraph();
        StreamNode sink = graph.addNode(StreamNode.Kind.SINK, "sink", NONE);
        StreamNode map = graph.addNode(StreamNode.Kind.OPERATOR, "map", NONE);
        StreamNode source = graph.addNode(StreamNode.Kind.SOURCE, "source", NONE);
        graph.connect(map, sink, Partitioning.FORWARD, null);
        graph.connect(source, map, Partitioning.REBALANCE, null);
        assertEquals(List.of(source, map, sink), graph.topologicalOrder());
    }

    @Test
    void shouldRejectACycleNamingItsOperators() {
        StreamGraph graph = new StreamGraph();
        StreamNode source = graph.addNode(StreamNode.Kind.SOURCE, "source", NONE);
        StreamNode a = graph.addNode(StreamNode.Kind.OPERATOR, "a", NONE);
        StreamNode b = graph.addNode(StreamNode.Kind.OPERATOR, "b", NONE);
        graph.connect(source, a, Partitioning.FORWARD, null);
        graph.connect(a, b, Partitioning.FORWARD, null);
        graph.connect(b, a, Partitioning.FORWARD, null);
        InvalidJobException e = assertThrows(InvalidJobException.class, graph::topologicalOrder);
        assertTrue(e.getMessage().contains("cycle") && e.getMessage().contains("'a'") && e.getMessage().contains("'b'"),
            e.getMessage());
    }

    @Test
    void shouldRejectEdgesOutOfSinksAndIntoSources() {
        StreamGraph graph = new StreamGraph();
        StreamNode source = graph.addNode(StreamNode.Kind.SOURCE, "source", NONE);
        StreamNode sink = graph.addNode(StreamNode.Kind.SINK, "sink", NONE);
        StreamNode map = graph.addNode(StreamNode.Kind.OPERATOR, "map", NONE);
        assertThrows(InvalidJobException.class, () -> graph.connect(sink, map, Partitioning.FORWARD, null));
        assertThrows(InvalidJobException.class, () -> graph.connect(map, source, Partitioning.FORWARD, null));
        assertThrows(IllegalArgumentException.class, () -> graph.connect(source, map, Partitioning.HASH, null));
        assertThrows(IllegalArgumentException.class,
            () -> graph.connect(source, map, Partitioning.FORWARD, (Object record) -> record));
    }
}
