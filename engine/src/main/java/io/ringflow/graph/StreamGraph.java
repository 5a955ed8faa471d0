package io.ringflow.graph;

import io.ringflow.api.InvalidJobException;
import io.ringflow.api.functions.KeySelector;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The logical dataflow: nodes and edges as the user described them. The fluent API builds it;
 * tools can build one directly, which is why it is checked for cycles.
 */
public final class StreamGraph {
    private final List<StreamNode> nodes = new ArrayList<>();
    // edges of an explicit forward(): a change of parallelism across them is an error, not a rebalance
    private final Set<StreamEdge> forwardRequired = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean objectReuse;
    private boolean chainingDisabled;
    private java.util.Map<String, String> globalJobParameters = java.util.Map.of();

    public StreamNode addNode(StreamNode.Kind kind, String name, OperatorFactory factory) {
        StreamNode node = new StreamNode(nodes.size() + 1, kind, name, factory);
        nodes.add(node);
        return node;
    }

    public StreamEdge connect(StreamNode from, StreamNode to, Partitioning partitioning, KeySelector<?, ?> keySelector) {
        return connect(from, to, partitioning, keySelector, 1);
    }

    /** An edge into logical input {@code inputNumber} (1 or 2) of {@code to}. */
    public StreamEdge connect(StreamNode from, StreamNode to, Partitioning partitioning, KeySelector<?, ?> keySelector,
                              int inputNumber) {
        if (from.kind() == StreamNode.Kind.SINK) {
            throw new InvalidJobException("sink " + from.describe() + " has no output to connect to " + to.describe());
        }
        if (to.kind() == StreamNode.Kind.SOURCE) {
            throw new InvalidJobException("source " + to.describe() + " takes no input; connect " + from.describe()
                + " to an operator instead");
        }
        boolean keyed = partitioning == Partitioning.HASH || partitioning == Partitioning.CUSTOM;
        if (keyed != (keySelector != null) || partitioning == Partitioning.CUSTOM && !(keySelector instanceof CustomPartitioning)) {
            throw new IllegalArgumentException("a key selector goes with HASH and CUSTOM partitioning only");
        }
        StreamEdge edge = new StreamEdge(from, to, partitioning, keySelector, inputNumber);
        from.outputs().add(edge);
        to.inputs().add(edge);
        return edge;
    }

    /** {@code edge} was asked for with {@code forward()}: its ends must have one parallelism. */
    /** Whether chained operators hand records on as they are (Flink's object reuse) rather than copies. */
    /** Every operator in a task of its own (Flink's {@code disableOperatorChaining}). */
    public boolean chainingDisabled() {
        return chainingDisabled;
    }

    public void disableChaining() {
        this.chainingDisabled = true;
    }

    public boolean objectReuse() {
        return objectReuse;
    }

    public void objectReuse(boolean objectReuse) {
        this.objectReuse = objectReuse;
    }

    /** Flink's global job parameters, as every function's runtime context gives them. */
    public java.util.Map<String, String> globalJobParameters() {
        return globalJobParameters;
    }

    public void globalJobParameters(java.util.Map<String, String> parameters) {
        this.globalJobParameters = java.util.Map.copyOf(parameters);
    }

    public void requireForward(StreamEdge edge) {
        forwardRequired.add(edge);
    }

    public boolean forwardRequired(StreamEdge edge) {
        return forwardRequired.contains(edge);
    }

    public List<StreamNode> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    /** Nodes with every node after all its inputs. */
    public List<StreamNode> topologicalOrder() {
        Map<StreamNode, Integer> pendingInputs = new HashMap<>();
        Deque<StreamNode> ready = new ArrayDeque<>();
        for (StreamNode node : nodes) {
            pendingInputs.put(node, node.inputs().size());
            if (node.inputs().isEmpty()) {
                ready.add(node);
            }
        }
        List<StreamNode> order = new ArrayList<>(nodes.size());
        while (!ready.isEmpty()) {
            StreamNode node = ready.poll();
            order.add(node);
            for (StreamEdge edge : node.outputs()) {
                if (pendingInputs.merge(edge.target(), -1, Integer::sum) == 0) {
                    ready.add(edge.target());
                }
            }
        }
        if (order.size() != nodes.size()) {
            throw new InvalidJobException("the job graph has a cycle: " + describeCycle(pendingInputs)
                + "; a dataflow must be acyclic, so remove the edge that feeds an operator's output back into its input");
        }
        return order;
    }

    private static String describeCycle(Map<StreamNode, Integer> pendingInputs) {
        StringBuilder names = new StringBuilder();
        for (Map.Entry<StreamNode, Integer> entry : pendingInputs.entrySet()) {
            if (entry.getValue() > 0) {
                names.append(names.length() == 0 ? "" : ", ").append(entry.getKey().describe());
            }
        }
        return "these operators wait on each other: " + names;
    }
}
