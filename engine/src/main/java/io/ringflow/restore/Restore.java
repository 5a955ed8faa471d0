package io.ringflow.restore;

import io.ringflow.api.InvalidJobException;
import io.ringflow.snapshot.OperatorSnapshot;
import io.ringflow.graph.ExecutionPlan;
import io.ringflow.graph.Partitioning;
import io.ringflow.graph.StreamNode;
import io.ringflow.storage.CheckpointStorage;
import io.ringflow.storage.CheckpointStorageException;
import io.ringflow.storage.CompletedCheckpoint;
import io.ringflow.storage.FileCheckpointStorage;
import io.ringflow.storage.FinalSavepoint;
import io.ringflow.storage.StorageOptions;
import io.ringflow.storage.metadata.ChannelStateMetadata;
import io.ringflow.storage.metadata.OperatorDescriptor;
import io.ringflow.storage.metadata.OperatorMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Starting a job from a retained checkpoint or a savepoint: finds it ({@code latest} or a path),
 * and checks that it fits the job (operators mapped by uid, same max parallelism).
 */
public final class Restore {
    public static final String LATEST = "latest";
    private static final Logger LOG = LoggerFactory.getLogger(Restore.class);

    private Restore() {
    }

    /** The checkpoint or savepoint {@code restore} names: "latest" (of this job's checkpoints) or a directory. */
    public static CompletedCheckpoint open(String restore, StorageOptions options, String storageJobId) {
        try {
            if (LATEST.equals(restore)) {
                List<String> skipped = new ArrayList<>();
                return CheckpointStorage.create(options.withWarnings(warning -> {
                    options.warnings().accept(warning);
                    skipped.add(warning);
                })).latest(storageJobId)
                    .orElseThrow(() -> new InvalidJobException("no completed checkpoint of job '" + storageJobId + "' under "
                        + options.checkpointsDir() + " that can be read" + skippedBecause(skipped) + "; check "
                        + StorageOptions.CHECKPOINTS_DIR + ", repair the storage or restore a savepoint. Starting"
                        + " without a restore reads all input again: output an exactly-once sink committed from a"
                        + " skipped checkpoint is then committed twice"));
            }
            Path path = Path.of(restore).toAbsolutePath();
            StorageOptions files = StorageOptions.builder().kind(StorageOptions.Kind.FILESYSTEM)
                .checkpointsDir(path.getParent() == null ? path : path.getParent()).conclude();
            return new FileCheckpointStorage(files).open(path);
        } catch (CheckpointStorageException e) {
            throw new InvalidJobException("cannot restore from " + restore + ": " + e.getMessage(), e);
        }
    }

    /** Fails when the checkpoint holds state for an operator the job lacks, or was taken with another max parallelism. */
    public static void check(CompletedCheckpoint checkpoint, ExecutionPlan plan, boolean allowNonRestoredState) {
        Map<String, StreamNode> nodes = new HashMap<>();
        for (ExecutionPlan.Chain chain : plan.chains()) {
            for (StreamNode node : chain.nodes()) {
                nodes.put(node.uid(), node);
                nodes.put(OperatorSnapshot.timersUid(node.uid()), node);
            }
        }
        Set<String> uids = nodes.keySet();
        List<String> missing = new ArrayList<>();
        for (OperatorMetadata operator : checkpoint.metadata().operators()) {
            if (!uids.contains(operator.uid())) {
                if (operator.subtasks().stream().anyMatch(s -> s.state() != null || s.sourcePosition() != null)) {
                    missing.add(operator.uid());
                }
            } else if (operator.maxParallelism() != plan.maxParallelismOf(nodes.get(operator.uid()))) {
                throw new InvalidJobException("checkpoint " + checkpoint.directory() + " was taken with max parallelism "
                    + operator.maxParallelism() + " for '" + operator.uid() + "', the job has "
                    + plan.maxParallelismOf(nodes.get(operator.uid())) + "; key groups cannot change, so set "
                    + (nodes.get(operator.uid()).maxParallelism() == plan.maxParallelism()
                    ? "StreamEnvironment.setMaxParallelism(" : "its operator's setMaxParallelism(")
                    + operator.maxParallelism() + ")");
            }
        }
        missing.addAll(inFlightToMissingInputs(checkpoint, plan));
        checkBroadcastInFlight(checkpoint, plan);
        checkInFlightRecordTypes(checkpoint, plan);
        if (!missing.isEmpty() && !allowNonRestoredState) {
            throw new InvalidJobException("checkpoint " + checkpoint.directory() + " holds state of operators this job no "
                + "longer has: " + missing + "; give them their uids back, or allow dropping their state with "
                + "StreamEnvironment.setAllowNonRestoredState(true) (--allow-non-restored-state)");
        }
    }

    /**
     * In-flight records are read back with the codec of the edge they are on in the restored job:
     * one of another identity (another record type or layout) would decode them wrong, or fail
     * naming nothing (before 2026-12-07: swapped fields on every replayed record in a trial).
     */
    private static void checkInFlightRecordTypes(CompletedCheckpoint checkpoint, ExecutionPlan plan) {
        java.util.Map<String, StreamNode> byUid = new java.util.HashMap<>();
        for (ExecutionPlan.Chain chain : plan.chains()) {
            for (StreamNode node : chain.nodes()) {
                byUid.put(node.uid(), node);
            }
        }
        for (ChannelStateMetadata channel : checkpoint.metadata().channels()) {
            StreamNode node = byUid.get(channel.channel().downstreamUid());
            int input = channel.channel().inputIndex();
            if (channel.recordCount() == 0 || channel.recordCodec() == null || node == null || input >= node.inputs().size()) {
                continue;
            }
            String now = plan.recordCodecOf(node.inputs().get(input)).identity();
            if (!now.equals(channel.recordCodec())) {
                throw new InvalidJobException("checkpoint " + checkpoint.directory() + " holds " + channel.recordCount()
                    + " records in flight to '" + node.uid() + "' input " + input + " written as " + channel.recordCodec()
                    + ", which this job reads as " + now + "; restore it with the old record type, then take a savepoint"
                    + " (always aligned: nothing in flight) and restore that with the new one");
            }
        }
    }

    /**
     * Records an unaligned checkpoint caught on their way to an operator input the job no longer
     * has: as in Flink they are that operator's state, so dropping them needs the same consent
     * (before 2026-12-07 they were dropped without a word).
     */
    private static List<String> inFlightToMissingInputs(CompletedCheckpoint checkpoint, ExecutionPlan plan) {
        java.util.Map<String, Integer> inputsByUid = new java.util.HashMap<>();
        for (ExecutionPlan.Chain chain : plan.chains()) {
            for (StreamNode node : chain.nodes()) {
                inputsByUid.put(node.uid(), node.inputs().size());
            }
        }
        java.util.Set<String> missing = new java.util.LinkedHashSet<>();
        for (ChannelStateMetadata channel : checkpoint.metadata().channels()) {
            Integer inputs = inputsByUid.get(channel.channel().downstreamUid());
            if (channel.recordCount() > 0 && (inputs == null || channel.channel().inputIndex() >= inputs)) {
                missing.add("records in flight to '" + channel.channel().downstreamUid() + "' input "
                    + channel.channel().inputIndex());
            }
        }
        return new ArrayList<>(missing);
    }

    /**
     * An unaligned checkpoint catches the subtasks of a keyed operator with a broadcast input at
     * different points of the broadcast stream: each holds its own in-flight broadcast records. At
     * the same parallelism each subtask gets its own back. At another one, keys move between
     * subtasks while a new subtask takes one old subtask's broadcast state and records, so a key
     * whose old subtask was further on gets the records in between applied again to its state
     * ({@code applyToKeyedState}), and one that was behind never gets them. Refused, naming the fix.
     */
    private static void checkBroadcastInFlight(CompletedCheckpoint checkpoint, ExecutionPlan plan) {
        for (ExecutionPlan.Chain chain : plan.chains()) {
            for (StreamNode node : chain.nodes()) {
                OperatorMetadata old = node.keyed() ? checkpoint.metadata().operator(node.uid()) : null;
                if (old == null || old.parallelism() == node.parallelism()) {
                    continue;
                }
                for (int input = 0; input < node.inputs().size(); input++) {
                    if (node.inputs().get(input).partitioning() == Partitioning.BROADCAST
                        && broadcastRecordsInFlight(checkpoint, node.uid(), input) > 0) {
                        throw new InvalidJobException("checkpoint " + checkpoint.directory() + " holds broadcast records"
                            + " in flight to '" + node.uid() + "', whose " + old.parallelism() + " subtasks it caught at"
                            + " different points of the broadcast stream; restored at parallelism " + node.parallelism()
                            + ", keys would move to subtasks that are at another point, and what the broadcast side"
                            + " does to keyed state would be applied to them twice or not at all. Restore it at"
                            + " parallelism " + old.parallelism() + "; to rescale, restore it there, take a savepoint"
                            + " (always aligned: nothing in flight) and restore that at " + node.parallelism());
                    }
                }
            }
        }
    }

    private static long broadcastRecordsInFlight(CompletedCheckpoint checkpoint, String uid, int inputIndex) {
        long records = 0;
        for (ChannelStateMetadata channel : checkpoint.metadata().channels()) {
            if (channel.channel().downstreamUid().equals(uid) && channel.channel().inputIndex() == inputIndex) {
                records += channel.recordCount();
            }
        }
        return records;
    }

    /**
     * Refuses to restore {@code restored} when newer checkpoints of the job were completed but are
     * corrupt (restore latest skipped them) and the job has sinks that commit at checkpoints: those
     * sinks committed the newer checkpoints' output, which a restore from an older one writes again.
     */
    public static void checkFallback(CompletedCheckpoint restored, StorageOptions options, String storageJobId,
                                     ExecutionPlan plan, boolean allowDuplicateOutput) {
        CheckpointStorage storage = CheckpointStorage.create(options);
        List<Long> skipped = storage.completedCheckpointIds(storageJobId).stream()
            .filter(id -> id > restored.checkpointId()).toList();
        FinalSavepoint stop = storage.finalSavepoint(storageJobId).filter(s -> s.checkpointId() > restored.checkpointId())
            .orElse(null);
        List<String> committingSinks = new ArrayList<>();
        for (ExecutionPlan.Chain chain : plan.chains()) {
            for (StreamNode node : chain.nodes()) {
                if (node.commitsAtCheckpoints()) {
                    committingSinks.add(node.uid() != null ? node.uid() : node.describe());
                }
            }
        }
        if (stop != null) {
            skippedSavepoint(stop, restored, storageJobId, committingSinks, allowDuplicateOutput);
        }
        if (skipped.isEmpty()) {
            return;
        }
        if (committingSinks.isEmpty() || allowDuplicateOutput) {
            LOG.warn("job '{}': restore latest skips the corrupt checkpoint(s) {} and restores the older checkpoint {}{}",
                storageJobId, skipped, restored.checkpointId(),
                committingSinks.isEmpty() ? "" : "; the sinks " + committingSinks + " write that output again (allowed)");
            return;
        }
        List<String> reasons = new ArrayList<>();
        CheckpointStorage.create(options.withWarnings(reasons::add)).latest(storageJobId); // again, to name the damage
        throw new InvalidJobException("checkpoint(s) " + skipped + " of job '" + storageJobId + "' completed but are "
            + "corrupt" + skippedBecause(reasons) + ", and their completion let the sinks " + committingSinks + " commit their output; restoring the "
            + "older checkpoint " + restored.checkpointId() + " would write and commit that output again (duplicates). "
            + "Repair the storage and restore again, restore a savepoint, or accept duplicates with "
            + "execution.recovery.allow-duplicate-output: true (StreamEnvironment.setAllowDuplicateOutput(true))");
    }

    /** The warnings of a restore latest that skipped checkpoints, which name the damaged files. */
    private static String skippedBecause(List<String> warnings) {
        return warnings.isEmpty() ? "" : " (" + String.join(" | ", warnings) + ")";
    }

    /** As {@link #checkFallback} for the savepoint the job stopped with, which restore latest could not take. */
    private static void skippedSavepoint(FinalSavepoint stop, CompletedCheckpoint restored, String storageJobId,
                                         List<String> committingSinks, boolean allowDuplicateOutput) {
        if (committingSinks.isEmpty() || allowDuplicateOutput) {
            LOG.warn("job '{}': restore latest skips the savepoint {} it stopped with and restores the older checkpoint {}{}",
                storageJobId, stop.directory(), restored.checkpointId(),
                committingSinks.isEmpty() ? "" : "; the sinks " + committingSinks + " write that output again (allowed)");
            return;
        }
        throw new InvalidJobException("job '" + storageJobId + "' stopped with the savepoint " + stop.directory()
            + " (checkpoint " + stop.checkpointId() + "), which cannot be restored (see the warning above), and the sinks "
            + committingSinks + " committed its output; restoring the older checkpoint " + restored.checkpointId()
            + " would write and commit that output again (duplicates). Restore the savepoint by its path where it is now,"
            + " or accept duplicates with execution.recovery.allow-duplicate-output: true"
            + " (StreamEnvironment.setAllowDuplicateOutput(true))");
    }

    /** Every operator of the plan as checkpoint metadata lists it (keyed operators also list their timers). */
    public static List<OperatorDescriptor> operatorDescriptors(ExecutionPlan plan) {
        List<OperatorDescriptor> operators = new ArrayList<>();
        for (ExecutionPlan.Chain chain : plan.chains()) {
            for (StreamNode node : chain.nodes()) {
                operators.add(new OperatorDescriptor(node.uid(), node.parallelism(), plan.maxParallelismOf(node)));
                if (node.keyed()) {
                    operators.add(new OperatorDescriptor(OperatorSnapshot.timersUid(node.uid()), node.parallelism(),
                        plan.maxParallelismOf(node)));
                }
            }
        }
        return operators;
    }

    /** Checkpoints of a job live under its name, so a later run of the same job finds them. */
    public static String storageJobId(String jobName) {
        return jobName.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
