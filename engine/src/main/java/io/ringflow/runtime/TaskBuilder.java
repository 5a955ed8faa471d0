package io.ringflow.runtime;

import io.ringflow.api.InvalidJobException;

import io.ringflow.restore.InFlightReplay;
import io.ringflow.api.codec.Codec;
import io.ringflow.api.functions.KeySelector;
import io.ringflow.channel.Channel;
import io.ringflow.graph.ExecutionPlan;
import io.ringflow.graph.Partitioning;
import io.ringflow.graph.StreamEdge;
import io.ringflow.graph.StreamNode;
import io.ringflow.operator.BroadcastingOutput;
import io.ringflow.operator.ChainingOutput;
import io.ringflow.operator.CopyingChainingOutput;
import io.ringflow.operator.OneInputOperator;
import io.ringflow.operator.OperatorContext;
import io.ringflow.operator.Output;
import io.ringflow.operator.SideOutputs;
import io.ringflow.operator.SourceOperator;
import io.ringflow.operator.StreamOperator;
import io.ringflow.operator.TwoInputOperator;
import io.ringflow.state.KeyGroups;
import io.ringflow.storage.CompletedCheckpoint;
import io.ringflow.storage.metadata.ChannelDescriptor;
import io.ringflow.restore.RestoredState;
import io.ringflow.barrier.BarrierHandler;
import io.ringflow.barrier.BarrierMode;
import io.ringflow.checkpoint.CheckpointCoordinator;
import io.ringflow.checkpoint.CheckpointCoordinator.TaskReports;
import io.ringflow.snapshot.SnapshotWriter;
import io.ringflow.task.Backpressure;
import io.ringflow.task.CancelFlag;
import io.ringflow.task.InputGates;
import io.ringflow.task.Mailbox;
import io.ringflow.task.NetworkOutput;
import io.ringflow.task.Task;
import io.ringflow.task.TaskInput;
import io.ringflow.task.TaskSnapshots;
import io.ringflow.task.TaskTimers;
import org.agrona.concurrent.IdleStrategy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns an execution plan into tasks: one ring per (upstream subtask, downstream subtask) of
 * every edge between chains, and per subtask of each chain its operators wired head to tail.
 */
final class TaskBuilder {
    private final ExecutionPlan plan;
    private final JobConfig config;
    private final Task.TaskListener listener;
    private final Map<StreamEdge, Channel[][]> rings = new HashMap<>();
    private final List<Channel> channels = new ArrayList<>();
    private final List<Task> tasks = new ArrayList<>();
    private final List<int[]> upstreams = new ArrayList<>();
    private final List<Integer> chainOf = new ArrayList<>();
    private final Map<ExecutionPlan.Chain, int[]> tasksOfChain = new HashMap<>();
    private final CompletedCheckpoint restoreFrom;
    private final int attempt;
    private final java.util.concurrent.atomic.LongAdder replayedInFlight;
    private final SnapshotWriter snapshotWriter;
    private final TaskReports reports;
    private final BarrierMode barrierMode;
    private final java.util.function.LongUnaryOperator triggerTimes; // checkpoint id -> trigger time (ms), -1 once settled
    private final boolean waitForFinalCheckpoint;
    private final List<Channel[]> outputChannels = new ArrayList<>();

    /** Tasks hand snapshots to {@code snapshotWriter} and report to the coordinator on {@code reports}. */
    TaskBuilder(ExecutionPlan plan, JobConfig config, Task.TaskListener listener, CompletedCheckpoint restoreFrom,
                int attempt, java.util.concurrent.atomic.LongAdder replayedInFlight, SnapshotWriter snapshotWriter,
                TaskReports reports, java.util.function.LongUnaryOperator triggerTimes) {
        this.replayedInFlight = replayedInFlight;
        this.triggerTimes = triggerTimes;
        this.attempt = attempt;
        this.plan = plan;
        this.config = config;
        this.listener = listener;
        this.restoreFrom = restoreFrom;
        this.snapshotWriter = snapshotWriter;
        this.reports = reports;
        io.ringflow.api.CheckpointConfig checkpoints = config.checkpointConfig();
        this.barrierMode = BarrierMode.of(checkpoints);
        // As in Flink, a finished task waits for a checkpoint after its end only when checkpoints go on after tasks finish.
        this.waitForFinalCheckpoint = checkpoints.isCheckpointingEnabled() && checkpoints.isCheckpointsAfterTasksFinish();
        try {
            createRings();
            for (ExecutionPlan.Chain chain : plan.chains()) {
                int[] subtasks = new int[chain.parallelism()];
                for (int subtask = 0; subtask < chain.parallelism(); subtask++) {
                    subtasks[subtask] = tasks.size();
                    tasks.add(createTask(chain, subtask, tasks.size()));
                    chainOf.add(chain.index());
                }
                tasksOfChain.put(chain, subtasks);
            }
        } catch (RuntimeException | Error e) { // an Error too: a ring past the direct memory limit leaves the others
            channels.forEach(Channel::close);
            throw e;
        }
    }

    List<Task> tasks() {
        return tasks;
    }

    List<Channel> channels() {
        return channels;
    }

    /** The rings each task writes, by task index, for metrics. */
    List<Channel[]> outputChannels() {
        return outputChannels;
    }

    /** Which chain each task belongs to and which tasks feed it through rings, by task index. */
    CheckpointCoordinator.TaskGraph graph() {
        return new CheckpointCoordinator.TaskGraph(chainOf.stream().mapToInt(Integer::intValue).toArray(),
            upstreams.toArray(new int[0][]));
    }

    private void createRings() {
        List<StreamEdge> edges = new ArrayList<>();
        for (ExecutionPlan.Chain chain : plan.chains()) {
            for (StreamNode node : chain.nodes()) {
                for (StreamEdge edge : node.outputs()) {
                    if (plan.codecOf(edge) != null) {
                        edges.add(edge);
                    }
                }
            }
        }
        for (StreamEdge edge : edges) {
            try {
                rings.put(edge, ringsOf(edge));
            } catch (OutOfMemoryError e) {
                long rings = edges.stream().mapToLong(TaskBuilder::ringCount).sum();
                long ringBytes = (long) config.ringSize() * config.slotSize();
                throw new InvalidJobException("the job's rings need " + rings + " × " + ringBytes + " bytes (ring size "
                    + config.ringSize() + " × slot size " + config.slotSize() + ") = " + rings * ringBytes + " bytes of"
                    + " direct memory, and the JVM has no more (" + e.getMessage() + "). Lower ringflow.channel.ring-size"
                    + " or ringflow.channel.slot-size, or raise -XX:MaxDirectMemorySize (by default the heap's -Xmx)", e);
            }
        }
    }

    /** A forward edge has a ring per subtask, any other one per (upstream, downstream) pair. */
    private static long ringCount(StreamEdge edge) {
        return edge.partitioning() == Partitioning.FORWARD ? edge.source().parallelism()
            : (long) edge.source().parallelism() * edge.target().parallelism();
    }

    private Channel[][] ringsOf(StreamEdge edge) {
        int upstream = edge.source().parallelism();
        int downstream = edge.target().parallelism();
        boolean pointwise = edge.partitioning() == Partitioning.FORWARD;
        Channel[][] edgeRings = new Channel[upstream][];
        for (int i = 0; i < upstream; i++) {
            edgeRings[i] = new Channel[pointwise ? 1 : downstream];
            for (int j = 0; j < edgeRings[i].length; j++) {
                int target = pointwise ? i : j;
                Channel channel = new Channel(edge.source().uid() + "[" + i + "]->" + edge.target().uid() + "[" + target + "]"
                    + (edge.inputNumber() == 2 ? " (input 2)" : ""),
                    config.ringSize(), config.slotSize(), config.maxRecordSize());
                channels.add(channel);
                edgeRings[i][j] = channel;
            }
        }
        return edgeRings;
    }

    private Task createTask(ExecutionPlan.Chain chain, int subtask, int taskIndex) {
        String taskName = chain.name() + " (" + (subtask + 1) + "/" + chain.parallelism() + ")";
        IdleStrategy idleStrategy = config.idleStrategy().get();
        CancelFlag cancelled = new CancelFlag();
        Backpressure backpressure = Task.backpressure(taskName, idleStrategy, cancelled);
        Mailbox mailbox = new Mailbox();
        TaskTimers timers = new TaskTimers();
        List<NetworkOutput<?>> networkOutputs = new ArrayList<>();
        Map<StreamNode, StreamOperator<?>> operators = new HashMap<>();
        List<StreamOperator<?>> ordered = new ArrayList<>();
        List<StreamNode> nodes = chain.nodes();
        for (int n = nodes.size() - 1; n >= 0; n--) {
            StreamNode node = nodes.get(n);
            StreamOperator<?> operator = node.factory().create(subtask, attempt);
            int maxParallelism = plan.maxParallelismOf(node);
            OperatorContext context = new OperatorContext(node.name(), node.uid(), taskName, subtask, node.parallelism(),
                maxParallelism, KeyGroups.rangeForSubtask(maxParallelism, node.parallelism(), subtask), config, timers,
                RestoredState.of(restoreFrom, node.uid(), subtask, node.parallelism()), attempt,
                snapshotWriter::isSavepoint);
            setup(operator, context, outputsOf(node, subtask, operators, networkOutputs, backpressure));
            if (operator instanceof io.ringflow.operator.AsyncWaitOperator<?, ?> async) {
                async.completionsRunOn(mailbox::post); // results are emitted on the task's thread
            }
            operators.put(node, operator);
            ordered.add(0, operator);
        }
        outputChannels.add(nodes.stream().flatMap(node -> node.outputs().stream()).filter(rings::containsKey)
            .flatMap(edge -> java.util.Arrays.stream(rings.get(edge)[subtask])).toArray(Channel[]::new));
        TaskSnapshots snapshots = new TaskSnapshots(taskIndex, taskName, ordered, networkOutputs, snapshotWriter, mailbox);
        StreamOperator<?> head = operators.get(chain.head());
        TaskInput input;
        List<InFlightReplay.Target> replayTargets = chainedReplayTargets(nodes, operators);
        BarrierHandler barriers = null;
        if (head instanceof SourceOperator<?> source) {
            input = InputGates.source(source, backpressure);
            upstreams.add(new int[0]);
        } else {
            Inputs inputs = inputsOf(chain.head(), subtask);
            for (Channel channel : inputs.channels()) {
                channel.consumerIdlesWith(idleStrategy); // a record published into a parked task's input wakes it
            }
            upstreams.add(inputs.feeding());
            barriers = new BarrierHandler(barrierMode, config.checkpointConfig().getAlignedCheckpointTimeoutMs(),
                config.clock(), triggerTimes, snapshotWriter::isSavepoint, inputs.channels(), inputs.descriptors(), snapshots);
            OneInputOperator<?, ?>[] byEdge = recordInputsByEdge(chain.head(), head);
            OneInputOperator<?, ?>[] byChannel = new OneInputOperator<?, ?>[inputs.channels().length];
            for (int channel = 0; channel < byChannel.length; channel++) {
                byChannel[channel] = byEdge[inputs.descriptors()[channel].inputIndex()];
            }
            input = InputGates.channels(inputs.channels(), inputs.codecs(), head, byChannel, backpressure, barriers);
            replayTargets.add(0, new InFlightReplay.Target(chain.head(), byEdge));
        }
        TaskInput replay = restoreFrom == null ? null : new InFlightReplay(restoreFrom, replayTargets, subtask, plan,
            backpressure, replayedInFlight);
        return new Task(new Task.Parts(taskName, taskIndex, ordered, networkOutputs, input, replay, mailbox, timers,
            snapshots, barriers, idleStrategy, backpressure, cancelled), config.clock(), reports, waitForFinalCheckpoint,
            listener);
    }

    /** The operators chained behind another one: a checkpoint of a plan in which their input edge had a ring holds its records. */
    private static List<InFlightReplay.Target> chainedReplayTargets(List<StreamNode> nodes, Map<StreamNode, StreamOperator<?>> operators) {
        List<InFlightReplay.Target> targets = new ArrayList<>();
        for (StreamNode node : nodes.subList(1, nodes.size())) {
            if (operators.get(node) instanceof OneInputOperator<?, ?> operator) {
                targets.add(new InFlightReplay.Target(node, new OneInputOperator<?, ?>[] {operator}));
            }
        }
        return targets;
    }

    /** Where the records of each input edge of a head go: the head, or the input of a two-input head that the edge feeds. */
    private static OneInputOperator<?, ?>[] recordInputsByEdge(StreamNode node, StreamOperator<?> head) {
        List<StreamEdge> edges = node.inputs();
        OneInputOperator<?, ?>[] inputs = new OneInputOperator<?, ?>[edges.size()];
        for (int i = 0; i < inputs.length; i++) {
            int inputNumber = edges.get(i).inputNumber();
            if (head instanceof TwoInputOperator<?, ?, ?> twoInputs) {
                inputs[i] = twoInputs.input(inputNumber);
            } else if (head instanceof OneInputOperator<?, ?> oneInput && inputNumber == 1) {
                inputs[i] = oneInput;
            } else {
                throw new IllegalStateException(node.describe() + " has one input, but " + edges.get(i) + " feeds input "
                    + inputNumber);
            }
        }
        return inputs;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void setup(StreamOperator operator, OperatorContext context, Output output) {
        operator.setup(context, output);
    }

    /** The main output of a node, wrapped with its side outputs when streams read them; null for a sink. */
    private Output<?> outputsOf(StreamNode node, int subtask, Map<StreamNode, StreamOperator<?>> operators,
                                List<NetworkOutput<?>> networkOutputs, Backpressure backpressure) {
        List<StreamEdge> main = new ArrayList<>();
        Map<String, List<StreamEdge>> sides = new java.util.LinkedHashMap<>();
        for (StreamEdge edge : node.outputs()) {
            String tag = edge.target().sideOutputTag();
            if (tag == null) {
                main.add(edge);
            } else {
                sides.computeIfAbsent(tag, t -> new ArrayList<>()).add(edge);
            }
        }
        Output<?> mainOutput = outputOf(main, node, subtask, operators, networkOutputs, backpressure);
        if (sides.isEmpty()) {
            return mainOutput;
        }
        Map<String, Output<?>> sideOutputs = new HashMap<>();
        sides.forEach((tag, edges) -> sideOutputs.put(tag, outputOf(edges, node, subtask, operators, networkOutputs,
            backpressure)));
        return new SideOutputs<>(mainOutput, sideOutputs);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Output<?> outputOf(List<StreamEdge> edges, StreamNode node, int subtask, Map<StreamNode, StreamOperator<?>> operators,
                               List<NetworkOutput<?>> networkOutputs, Backpressure backpressure) {
        List<Output> outputs = new ArrayList<>();
        for (StreamEdge edge : edges) {
            Codec<?> codec = plan.codecOf(edge);
            if (codec == null) {
                Codec<?> copier = plan.chainedCopierOf(edge);
                OneInputOperator next = (OneInputOperator) operators.get(edge.target());
                outputs.add(copier == null ? new ChainingOutput(next) : new CopyingChainingOutput(next, copier));
            } else if (edge.partitioning() == Partitioning.BROADCAST) {
                // one output per ring, each record written to all: the partitioned output stays unchanged
                for (Channel channel : rings.get(edge)[subtask]) {
                    NetworkOutput<?> output = new NetworkOutput(new Channel[] {channel}, Partitioning.FORWARD, null, codec,
                        plan.maxParallelismOf(edge.target()), subtask, node.describe(), backpressure);
                    networkOutputs.add(output);
                    outputs.add(output);
                }
            } else {
                NetworkOutput<?> output = new NetworkOutput(rings.get(edge)[subtask], edge.partitioning(),
                    (KeySelector) edge.keySelector(), codec, plan.maxParallelismOf(edge.target()), subtask,
                    node.describe(), backpressure);
                if (edge.partitioning() == Partitioning.RESCALE) {
                    output.rescaledFrom(subtask, node.parallelism());
                }
                networkOutputs.add(output);
                outputs.add(output);
            }
        }
        if (outputs.isEmpty()) {
            return null;
        }
        return outputs.size() == 1 ? outputs.get(0) : new BroadcastingOutput(outputs);
    }

    /** The rings a task's head reads, how checkpoints name them, and the tasks that write them. */
    private record Inputs(Channel[] channels, Codec<?>[] codecs, ChannelDescriptor[] descriptors, int[] feeding) {
    }

    private Inputs inputsOf(StreamNode head, int subtask) {
        List<Channel> inputs = new ArrayList<>();
        List<Codec<?>> codecs = new ArrayList<>();
        List<ChannelDescriptor> descriptors = new ArrayList<>();
        List<Integer> feeding = new ArrayList<>();
        for (int inputIndex = 0; inputIndex < head.inputs().size(); inputIndex++) {
            StreamEdge edge = head.inputs().get(inputIndex);
            int[] upstreamTasks = tasksOfChain.get(plan.chainOf(edge.source()));
            Channel[][] edgeRings = rings.get(edge);
            boolean pointwise = edge.partitioning() == Partitioning.FORWARD;
            for (int upstream = 0; upstream < edgeRings.length; upstream++) {
                if (!pointwise || upstream == subtask) {
                    inputs.add(edgeRings[upstream][pointwise ? 0 : subtask]);
                    codecs.add(plan.codecOf(edge));
                    ChannelDescriptor descriptor = new ChannelDescriptor(edge.source().uid(), upstream, head.uid(), subtask,
                        inputIndex);
                    descriptors.add(descriptor);
                    snapshotWriter.recordCodec(descriptor, plan.codecOf(edge).identity());
                    feeding.add(upstreamTasks[upstream]);
                }
            }
        }
        return new Inputs(inputs.toArray(new Channel[0]), codecs.toArray(new Codec<?>[0]),
            descriptors.toArray(new ChannelDescriptor[0]), feeding.stream().mapToInt(Integer::intValue).toArray());
    }
}
