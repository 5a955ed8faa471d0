package io.ringflow.graph;

import io.ringflow.api.codec.Codec;

import java.util.ArrayList;
import java.util.List;

/** One logical operator of a job before parallelism and chaining are applied. */
public final class StreamNode {
    public enum Kind { SOURCE, OPERATOR, SINK }

    private final int id;
    private final Kind kind;
    private final OperatorFactory factory;
    private final List<StreamEdge> inputs = new ArrayList<>();
    private final List<StreamEdge> outputs = new ArrayList<>();
    private String name;
    private String uid;
    private int parallelism = -1;
    private int maxParallelism = -1;
    private boolean nonParallel;
    private boolean chainingDisabled;
    private boolean chainStart;
    private Codec<?> outputCodec;
    private Class<?> outputType;
    private boolean keyed;
    private String sideOutputTag;

    private boolean commitsAtCheckpoints;
    private boolean boundedSource;

    public StreamNode(int id, Kind kind, String name, OperatorFactory factory) {
        this.id = id;
        this.kind = kind;
        this.name = name;
        this.factory = factory;
    }

    public int id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    public OperatorFactory factory() {
        return factory;
    }

    public List<StreamEdge> inputs() {
        return inputs;
    }

    public List<StreamEdge> outputs() {
        return outputs;
    }

    public String name() {
        return name;
    }

    public void name(String name) {
        this.name = name;
    }

    /** The stable identity used to map state on restore; defaults to a name derived from the graph. */
    public String uid() {
        return uid;
    }

    public void uid(String uid) {
        this.uid = uid;
    }

    /** -1 means the environment's default. */
    public int parallelism() {
        return parallelism;
    }

    public void parallelism(int parallelism) {
        this.parallelism = parallelism;
    }

    /** Its number of key groups; -1 means the environment's. */
    public int maxParallelism() {
        return maxParallelism;
    }

    public void maxParallelism(int maxParallelism) {
        this.maxParallelism = maxParallelism;
    }

    /** Runs at parallelism 1 whatever is asked later (a windowAll's window operator), as Flink's non-parallel operators. */
    public boolean nonParallel() {
        return nonParallel;
    }

    public void markNonParallel() {
        this.nonParallel = true;
        this.parallelism = 1;
    }

    public boolean chainStart() {
        return chainStart;
    }

    /** Flink's {@code disableChaining}: a chain of its own, nothing chained before or after it. */
    public boolean chainingDisabled() {
        return chainingDisabled;
    }

    public void disableChaining() {
        this.chainingDisabled = true;
        this.chainStart = true;
    }

    public void chainStart(boolean chainStart) {
        this.chainStart = chainStart;
    }

    public Codec<?> outputCodec() {
        return outputCodec;
    }

    public void outputCodec(Codec<?> outputCodec) {
        this.outputCodec = outputCodec;
    }

    public Class<?> outputType() {
        return outputType;
    }

    public void outputType(Class<?> outputType) {
        this.outputType = outputType;
    }

    /** True for operators that read keyed state (they need a key-group range). */
    public boolean keyed() {
        return keyed;
    }

    public void keyed(boolean keyed) {
        this.keyed = keyed;
    }

    /**
     * The id of the side output this node forwards, read from its one input; null for an ordinary
     * node. Unless set, its parallelism is its input's, so that it chains to it.
     */
    public String sideOutputTag() {
        return sideOutputTag;
    }

    public void sideOutputTag(String tagId) {
        this.sideOutputTag = tagId;
    }

    /** True for a sink that commits output when a checkpoint completes (a two-phase-commit sink). */
    public boolean commitsAtCheckpoints() {
        return commitsAtCheckpoints;
    }

    public void commitsAtCheckpoints(boolean commits) {
        this.commitsAtCheckpoints = commits;
    }

    /** True for a source whose input ends. */
    public boolean boundedSource() {
        return boundedSource;
    }

    public void boundedSource(boolean bounded) {
        this.boundedSource = bounded;
    }

    public String describe() {
        return "'" + name + "' (node " + id + (uid != null ? ", uid " + uid : "") + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
