package io.ringflow.api;

import io.ringflow.storage.StorageOptions;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Every configuration key Ringflow reads, in one place, and the check each key of a configuration
 * passes before it is applied. A key that is ignored is a setting the user believes in and does
 * not have, so in the namespaces Ringflow reads ({@code execution.}, {@code state.}, ...) a key
 * is one of these, another name Flink gives one of them, or an error: a Flink option Ringflow does
 * not implement fails saying why, any other key names the closest one Ringflow reads.
 */
final class ConfigKeys {
    static final String PARALLELISM = "parallelism.default";
    static final String MAX_PARALLELISM = "pipeline.max-parallelism";
    static final String AUTO_WATERMARK_INTERVAL = "pipeline.auto-watermark-interval";
    static final String OBJECT_REUSE = "pipeline.object-reuse";
    static final String RING_SIZE = "ringflow.channel.ring-size";
    static final String SLOT_SIZE = "ringflow.channel.slot-size";
    static final String MAX_RECORD_SIZE = "ringflow.channel.max-record-size";
    static final String IDLE_STRATEGY = "ringflow.task.idle-strategy";
    static final String ALLOW_DUPLICATE_OUTPUT = "execution.recovery.allow-duplicate-output";
    static final String TASK_CANCELLATION_INTERVAL = "task.cancellation.interval";
    static final String TASK_CANCELLATION_TIMEOUT = "task.cancellation.timeout";

    /** Keys the storage module applies. */
    static final List<String> STORAGE = List.of(StorageOptions.CHECKPOINT_STORAGE, StorageOptions.CHECKPOINTS_DIR,
        StorageOptions.NUM_RETAINED, StorageOptions.SAVEPOINTS_DIR, StorageOptions.MEMORY_THRESHOLD,
        StorageOptions.WRITE_BUFFER_SIZE, StorageOptions.DURABILITY, StorageOptions.EXTERNALIZED_RETENTION,
        StorageOptions.SPARE_FILES, StorageOptions.FILE_MERGING, StorageOptions.FILE_MERGING_ACROSS_BOUNDARY,
        StorageOptions.FILE_MERGING_MAX_FILE_SIZE);

    /** Every key Ringflow reads, as the README's tables list them. */
    static final Set<String> KNOWN = Stream.of(
            List.of(PARALLELISM, MAX_PARALLELISM, AUTO_WATERMARK_INTERVAL, OBJECT_REUSE, RING_SIZE, SLOT_SIZE, MAX_RECORD_SIZE,
                IDLE_STRATEGY, ALLOW_DUPLICATE_OUTPUT, TASK_CANCELLATION_INTERVAL, TASK_CANCELLATION_TIMEOUT),
            List.of(CheckpointConfig.INTERVAL, CheckpointConfig.MODE, CheckpointConfig.TIMEOUT, CheckpointConfig.MIN_PAUSE,
                CheckpointConfig.MAX_CONCURRENT, CheckpointConfig.TOLERABLE_FAILURES, CheckpointConfig.UNALIGNED,
                CheckpointConfig.ALIGNED_TIMEOUT, CheckpointConfig.AFTER_TASKS_FINISH, CheckpointConfig.INCREMENTAL,
                CheckpointConfig.YIELD_AFTER),
            STORAGE,
            List.of(RestartStrategy.TYPE, RestartStrategy.FIXED_ATTEMPTS, RestartStrategy.FIXED_DELAY,
                RestartStrategy.EXP_INITIAL, RestartStrategy.EXP_MAX, RestartStrategy.EXP_MULTIPLIER,
                RestartStrategy.EXP_ATTEMPTS))
        .flatMap(List::stream)
        .collect(LinkedHashSet::new, Set::add, Set::addAll);

    /**
     * Other names Flink gives keys Ringflow reads: Flink 2 moved the storage options under
     * {@code execution.checkpointing.}, and older names still appear in Flink 1 files.
     */
    static final Map<String, String> ALIASES = Map.ofEntries(
        Map.entry("execution.checkpointing.storage", StorageOptions.CHECKPOINT_STORAGE),
        Map.entry("execution.checkpointing.dir", StorageOptions.CHECKPOINTS_DIR),
        Map.entry("execution.checkpointing.num-retained", StorageOptions.NUM_RETAINED),
        Map.entry("execution.checkpointing.savepoint-dir", StorageOptions.SAVEPOINTS_DIR),
        Map.entry("execution.checkpointing.data-inline-threshold", StorageOptions.MEMORY_THRESHOLD),
        Map.entry("execution.checkpointing.write-buffer-size", StorageOptions.WRITE_BUFFER_SIZE),
        Map.entry(CheckpointConfig.UNALIGNED + ".enabled", CheckpointConfig.UNALIGNED),
        Map.entry(CheckpointConfig.AFTER_TASKS_FINISH + ".enabled", CheckpointConfig.AFTER_TASKS_FINISH),
        Map.entry("execution.checkpointing.alignment-timeout", CheckpointConfig.ALIGNED_TIMEOUT),
        Map.entry("state.backend.incremental", CheckpointConfig.INCREMENTAL),
        Map.entry("restart-strategy", RestartStrategy.TYPE));

    /** Flink options Ringflow does not implement, each a key or the prefix of its keys, and why. */
    static final Map<String, String> UNSUPPORTED = unsupported();

    private static Map<String, String> unsupported() {
        Map<String, String> why = new LinkedHashMap<>();
        String noCluster = "Ringflow runs the job inside this process, with no task or job managers: every task and "
            + "subtask has a thread of its own; size the job with " + PARALLELISM + " and the rings with ringflow.channel.*";
        why.put("taskmanager", noCluster);
        why.put("jobmanager", noCluster);
        why.put("execution.buffer-timeout", "Ringflow has no network buffers to flush: a record is published to its "
            + "ring slot as soon as it is emitted; the rings are sized by " + RING_SIZE + " and " + SLOT_SIZE);
        why.put("state.backend", "Ringflow has one state backend, keyed state on the heap with copy-on-write "
            + "snapshots, so there is none to choose or tune; where checkpoints go is " + StorageOptions.CHECKPOINT_STORAGE);
        why.put(CheckpointConfig.FORCE, CheckpointConfig.FORCE_UNSUPPORTED);
        why.put("execution.runtime-mode", "Ringflow always runs in streaming mode; a bounded job ends once all its "
            + "input has ended");
        why.put("pipeline.name", "a job's name is the argument of execute(name) or executeAsync(name); checkpoints live "
            + "under it, so a restore finds them by it");
        why.put("execution.savepoint.path", "restore with StreamEnvironment.setRestore(path), or --restore on the "
            + "command line");
        why.put("restart-strategy.failure-rate", "Ringflow has no failure-rate strategy; use fixed-delay or "
            + "exponential-delay");
        why.put("restart-strategy.exponential-delay.jitter-factor", "Ringflow does not jitter restart delays");
        why.put("restart-strategy.exponential-delay.reset-backoff-threshold", "Ringflow's backoff never resets; "
            + RestartStrategy.EXP_ATTEMPTS + " bounds the number of restarts");
        return Map.copyOf(why);
    }

    /** The namespaces Ringflow reads: a key in one of them must be known. */
    private static final Set<String> NAMESPACES =
        Set.of("execution", "state", "restart-strategy", "pipeline", "parallelism", "ringflow");

    private ConfigKeys() {
    }

    /**
     * The keys of {@code config} that Ringflow reads, under the names it reads them by, in the
     * given order; keys of other systems are left out.
     *
     * @throws InvalidJobException on a key Ringflow does not take, or one option set under two names
     */
    static Map<String, String> resolve(Map<String, String> config) {
        Map<String, String> resolved = new LinkedHashMap<>();
        Map<String, String> givenAs = new HashMap<>();
        config.forEach((key, value) -> {
            String canonical = canonical(key);
            if (canonical == null) {
                return;
            }
            if (value == null) {
                throw new InvalidJobException(key + " has no value; give it one or leave the key out");
            }
            String earlier = givenAs.putIfAbsent(canonical, key);
            if (earlier != null) {
                throw new InvalidJobException(earlier + " and " + key + " are two names of " + canonical
                    + "; set it once");
            }
            resolved.put(canonical, value);
        });
        return resolved;
    }

    /** The key Ringflow reads for {@code key}, or null when the key belongs to another system. */
    static String canonical(String key) {
        if (KNOWN.contains(key)) {
            return key;
        }
        String alias = ALIASES.get(key);
        if (alias != null) {
            return alias;
        }
        String reason = unsupportedReason(key);
        if (reason != null) {
            throw new InvalidJobException(key + " is a Flink option Ringflow does not implement: " + reason
                + "; remove the key");
        }
        String closest = closest(key);
        boolean nearMiss = EditDistance.between(key, closest) <= Math.max(2, key.length() / 10);
        if (nearMiss) {
            throw new InvalidJobException("unknown configuration key " + key + "; did you mean " + closest + "?");
        }
        if (NAMESPACES.contains(key.split("\\.", 2)[0])) {
            throw new InvalidJobException("unknown configuration key " + key + ": Ringflow reads no such key; the "
                + "closest it reads is " + closest + " (the README's tables list every key)");
        }
        return null;
    }

    /** The reason of the longest entry that is {@code key} or a prefix of it, so a specific reason wins. */
    private static String unsupportedReason(String key) {
        String match = null;
        for (String entry : UNSUPPORTED.keySet()) {
            if ((key.equals(entry) || key.startsWith(entry + ".")) && (match == null || entry.length() > match.length())) {
                match = entry;
            }
        }
        return match == null ? null : UNSUPPORTED.get(match);
    }

    /** The known key or alias nearest to {@code key}; on a tie the documented key. */
    private static String closest(String key) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : Stream.concat(KNOWN.stream(), ALIASES.keySet().stream().sorted()).toList()) {
            int distance = EditDistance.between(key, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }
}
