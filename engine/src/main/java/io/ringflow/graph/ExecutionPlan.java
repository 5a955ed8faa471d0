package io.ringflow.graph;

import io.ringflow.api.InvalidJobException;
import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.codec.NoCodecException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The graph with parallelism resolved and operators fused into chains. A chain runs as one task
 * per subtask; records cross a ring only on the edges between chains.
 *
 * <pre>
 *   source ─► map ══keyBy══► process ─► sink        two chains, one ring per (upstream, downstream) subtask pair
 *   [ chain 0       ]      [ chain 1          ]
 * </pre>
 */
public final class ExecutionPlan {
    /** Operators fused into one task; {@code nodes} is in topological order, the head first. */
    public record Chain(int index, StreamNode head, List<StreamNode> nodes, int parallelism) {
        public String name() {
            StringBuilder name = new StringBuilder();
            for (StreamNode node : nodes) {
                name.append(name.length() == 0 ? "" : " -> ").append(node.name());
            }
            return name.toString();
        }
    }

    private final List<Chain> chains;
    private final Map<StreamNode, Chain> chainOf;
    private final Map<StreamEdge, Codec<?>> edgeCodecs;
    private final Map<StreamEdge, Codec<?>> chainedCopiers;
    private final int maxParallelism;

    private ExecutionPlan(List<Chain> chains, Map<StreamNode, Chain> chainOf, Map<StreamEdge, Codec<?>> edgeCodecs,
                          Map<StreamEdge, Codec<?>> chainedCopiers, int maxParallelism) {
        this.chains = chains;
        this.chainOf = chainOf;
        this.edgeCodecs = edgeCodecs;
        this.chainedCopiers = chainedCopiers;
        this.maxParallelism = maxParallelism;
    }

    public static ExecutionPlan build(StreamGraph graph, int defaultParallelism, int maxParallelism) {
        List<StreamNode> order = graph.topologicalOrder();
        if (order.isEmpty()) {
            throw new InvalidJobException("the job has no operators; add a source with fromSource(...) and a sink with sinkTo(...)");
        }
        checkUids(order);
        if (graph.chainingDisabled()) {
            order.forEach(StreamNode::disableChaining);
        }
        for (StreamNode node : order) {
            if (node.parallelism() < 0) {
                node.parallelism(node.sideOutputTag() != null ? node.inputs().get(0).source().parallelism() : defaultParallelism);
            }
            if (node.maxParallelism() < 0) {
                node.maxParallelism(maxParallelism);
            }
            if (node.parallelism() > node.maxParallelism()) {
                throw new InvalidJobException("parallelism " + node.parallelism() + " of " + node.describe()
                    + " exceeds the max parallelism " + node.maxParallelism()
                    + "; lower it or raise StreamEnvironment.setMaxParallelism(...) or the operator's setMaxParallelism(...)");
            }
            if (node.kind() != StreamNode.Kind.SINK && node.outputs().isEmpty()) {
                throw new InvalidJobException(node.describe() + " has no consumer; end the stream with sinkTo(...)");
            }
        }
        rebalanceWhereParallelismChanges(order, graph);
        Map<StreamNode, Chain> chainOf = new HashMap<>();
        List<Chain> chains = new ArrayList<>();
        for (StreamNode node : order) {
            if (isChainHead(node)) {
                List<StreamNode> members = new ArrayList<>();
                collectChain(node, members);
                members.sort((a, b) -> Integer.compare(order.indexOf(a), order.indexOf(b)));
                Chain chain = new Chain(chains.size(), node, List.copyOf(members), node.parallelism());
                chains.add(chain);
                members.forEach(member -> chainOf.put(member, chain));
            }
        }
        Map<StreamEdge, Codec<?>> edgeCodecs = new LinkedHashMap<>();
        Map<StreamEdge, Codec<?>> chainedCopiers = new HashMap<>();
        for (StreamNode node : order) {
            for (StreamEdge edge : node.outputs()) {
                if (!isChainable(edge)) {
                    edgeCodecs.put(edge, codecFor(edge));
                } else if (!graph.objectReuse()) {
                    Codec<?> copier = chainedCopier(edge);
                    if (copier != null) {
                        chainedCopiers.put(edge, copier);
                    }
                }
            }
        }
        return new ExecutionPlan(List.copyOf(chains), chainOf, edgeCodecs, chainedCopiers, maxParallelism);
    }

    /**
     * Without object reuse a chained operator gets a copy of each record, as in Flink; null when
     * records of the edge's type are immutable, or when their type has no codec (then they pass
     * as they are, with a warning: Flink would not have built such a job).
     */
    private static Codec<?> chainedCopier(StreamEdge edge) {
        try {
            Codec<?> codec = codecFor(edge);
            return codec.isImmutable() ? null : codec;
        } catch (InvalidJobException noCodec) {
            org.slf4j.LoggerFactory.getLogger(ExecutionPlan.class).warn("records of {} reach {} in the same task as they"
                + " are, not copied: {} A function that changes a record it got changes it for the other too; give the"
                + " stream a codec, or enable object reuse (env.getConfig().enableObjectReuse()) if that is intended",
                edge.source().describe(), edge.target().describe(), noCodec.getMessage());
            return null;
        }
    }

    public List<Chain> chains() {
        return chains;
    }

    public Chain chainOf(StreamNode node) {
        return chainOf.get(node);
    }

    /** The environment's max parallelism: that of every operator that sets none of its own. */
    public int maxParallelism() {
        return maxParallelism;
    }

    /** {@code node}'s number of key groups: what its keyed state is split into and records are routed to it by. */
    public int maxParallelismOf(StreamNode node) {
        return node.maxParallelism() > 0 ? node.maxParallelism() : maxParallelism;
    }

    /** The codec records of a ring edge are encoded with; null for chained edges. */
    public Codec<?> codecOf(StreamEdge edge) {
        return edgeCodecs.get(edge);
    }

    /** The codec that copies each record of a chained edge for its target, or null when records pass as they are. */
    public Codec<?> chainedCopierOf(StreamEdge edge) {
        return chainedCopiers.get(edge);
    }

    /** The codec of the records an edge carries, also when it is chained (a ring of an earlier plan carried them). */
    public Codec<?> recordCodecOf(StreamEdge edge) {
        Codec<?> codec = edgeCodecs.get(edge);
        return codec != null ? codec : codecFor(edge);
    }

    public static boolean isChainable(StreamEdge edge) {
        return edge.partitioning() == Partitioning.FORWARD
            && edge.source().parallelism() == edge.target().parallelism()
            && edge.target().inputs().size() == 1
            && !edge.target().chainStart()
            && !edge.source().chainingDisabled();
    }

    private static boolean isChainHead(StreamNode node) {
        return node.inputs().size() != 1 || !isChainable(node.inputs().get(0));
    }

    private static void collectChain(StreamNode node, List<StreamNode> members) {
        members.add(node);
        for (StreamEdge edge : node.outputs()) {
            if (isChainable(edge)) {
                collectChain(edge.target(), members);
            }
        }
    }

    /**
     * As in Flink, records of an edge given no partitioning are spread round-robin when the
     * parallelism changes across it: the edge becomes a rebalance, in place, keeping input order.
     */
    private static void rebalanceWhereParallelismChanges(List<StreamNode> order, StreamGraph graph) {
        for (StreamNode node : order) {
            List<StreamEdge> outputs = node.outputs();
            for (int i = 0; i < outputs.size(); i++) {
                StreamEdge edge = outputs.get(i);
                if (edge.partitioning() == Partitioning.FORWARD && node.parallelism() != edge.target().parallelism()) {
                    if (graph.forwardRequired(edge)) {
                        throw new InvalidJobException("forward partitioning does not allow a change of parallelism, as in"
                            + " Flink: " + node.describe() + " runs at " + node.parallelism() + ", "
                            + edge.target().describe() + " at " + edge.target().parallelism() + ". Give both the same"
                            + " parallelism, or use rebalance(), rescale(), shuffle(), broadcast() or global()");
                    }
                    StreamEdge rebalanced = new StreamEdge(node, edge.target(), Partitioning.REBALANCE, null,
                        edge.inputNumber());
                    outputs.set(i, rebalanced);
                    List<StreamEdge> inputs = edge.target().inputs();
                    inputs.set(inputs.indexOf(edge), rebalanced);
                }
            }
        }
    }

    private static Codec<?> codecFor(StreamEdge edge) {
        // a side output's records are of its tag's type, which the node that forwards them has
        StreamNode typed = edge.target().sideOutputTag() != null ? edge.target() : edge.source();
        return codecOf(typed, "cross a ring to " + edge.target().describe());
    }

    /** The codec of a node's records, for operators that keep them in state. */
    public static Codec<?> codecOfNode(StreamNode node) {
        return codecOf(node, "are kept in keyed state");
    }

    private static Codec<?> codecOf(StreamNode source, String use) {
        if (source.outputCodec() != null) {
            return source.outputCodec();
        }
        String fix = "; give the stream a codec with .returns(codec) after " + source.describe();
        if (source.outputType() == null) {
            throw new InvalidJobException("records of " + source.describe() + " " + use
                + " but their type cannot be inferred (a generic lambda?)" + fix);
        }
        try {
            return Codecs.forClass(source.outputType());
        } catch (NoCodecException e) {
            throw new InvalidJobException("records of " + source.describe() + " " + use
                + " but have none. " + e.problem() + fix, e);
        }
    }

    /**
     * An operator without a uid gets one from its place in the topology, as Flink's hasher does:
     * its kind, its position in the topological order, its outputs and its inputs' uids. A job
     * changed around it (an operator added before it, a changed edge) gives it another uid, so its
     * old state is not restored into another operator: the restore stops, naming the state left
     * over. Before 2026-12-07 the uid was the operator's creation number, and a map added upstream
     * took the state and timers of the operator that held that number before.
     */
    private static String generatedUid(StreamNode node, int position) {
        StringBuilder shape = new StringBuilder().append(node.kind()).append('|').append(position).append('|')
            .append(node.outputs().size());
        for (StreamEdge input : node.inputs()) {
            shape.append('|').append(input.source().uid()).append('>').append(input.partitioning());
        }
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(shape.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return node.kind().name().toLowerCase() + "-" + position + "-" + String.format("%08x", crc.getValue());
    }

    private static void checkUids(List<StreamNode> order) {
        Set<String> uids = new HashSet<>();
        for (int position = 0; position < order.size(); position++) {
            StreamNode node = order.get(position);
            if (node.uid() == null) {
                node.uid(generatedUid(node, position));
            }
            if (!uids.add(node.uid())) {
                throw new InvalidJobException("uid '" + node.uid() + "' is used by more than one operator; give each a unique uid");
            }
        }
    }
}
