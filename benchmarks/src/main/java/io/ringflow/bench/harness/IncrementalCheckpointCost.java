package io.ringflow.bench.harness;

import io.ringflow.api.codec.Codecs;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.state.HeapKeyedStateBackend;
import io.ringflow.state.KeyedStateSnapshot;
import io.ringflow.storage.CheckpointWriter;
import io.ringflow.storage.FileCheckpointStorage;
import io.ringflow.storage.StorageOptions;
import io.ringflow.storage.file.StateOutput;
import io.ringflow.storage.layout.CheckpointLayout;
import io.ringflow.storage.metadata.KeyGroupRange;
import io.ringflow.storage.metadata.OperatorDescriptor;
import io.ringflow.storage.metadata.StreamHandle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * The cost of one checkpoint of keyed state, full against incremental, without a running job:
 * the calls a keyed task, the snapshot writer and the coordinator make, on one thread, in order.
 *
 * <p>One {@code HeapKeyedStateBackend<Long>} with one {@code ValueState<Long>} over key groups
 * 0..127 of 128 is filled with N keys; then, per checkpoint, 1 % of the keys (distinct, random)
 * get a new value and a checkpoint is taken: {@code snapshot(id, false)} (the task thread's
 * synchronous part, timed on its own), the keyed state written through a {@link CheckpointWriter}
 * of a {@link FileCheckpointStorage} as {@code SnapshotWriter.writeOperator} does it (a shared
 * stream for an incremental snapshot), the snapshot released (the writer does it before it
 * acknowledges), {@code complete()} (metadata, retention, shared-file sweep), and
 * {@code notifyCheckpointComplete} on the backend. The duration is snapshot start to
 * {@code complete()} returned; the writer is begun before, as the coordinator does at trigger.
 * Nothing else runs: in a job the task keeps processing during the write, and the hand-offs
 * between threads (and their wake-ups) add to what is measured here.
 *
 * <pre>
 *   java -Xms16g -Xmx16g -XX:+AlwaysPreTouch $(scripts/jvm-flags) -cp benchmarks/target/benchmarks.jar \
 *     io.ringflow.bench.harness.IncrementalCheckpointCost KEYS[,KEYS..] page-cache|flush[,..] \
 *     [--mode full|incremental|both] [--warmup 5] [--checkpoints 20] [--dir /tmp/...]
 * </pre>
 * Prints per checkpoint a {@code CP} line and per configuration a {@code RESULT} line (tab-separated).
 * {@code benchmarks/tools/incremental-cost} runs the matrix, one JVM per configuration, and takes medians;
 * results of 2026-12-03 in {@code benchmarks/results/2026-12-03-incremental-checkpoints.md}.
 */
public final class IncrementalCheckpointCost {
    private static final int MAX_PARALLELISM = 128;
    private static final String UID = "counts";
    private static final String JOB = "incremental-cost";
    private static final double UPDATED_FRACTION = 0.01;

    private IncrementalCheckpointCost() {
    }

    /** One measured checkpoint. */
    record Checkpoint(long id, boolean incremental, boolean delta, long syncNanos, long writeNanos, long totalNanos,
                      long bytes, long gcMillis) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: IncrementalCheckpointCost KEYS[,KEYS..] page-cache|flush[,..] "
                + "[--mode full|incremental|both] [--warmup 5] [--checkpoints 20] [--dir DIR]");
            System.exit(2);
        }
        long[] keyCounts = Arrays.stream(args[0].split(",")).mapToLong(s -> Long.parseLong(s.replace("_", ""))).toArray();
        String[] durabilities = args[1].split(",");
        String mode = "both";
        int warmup = 5;
        int measured = 20;
        Path root = Path.of("/tmp/ringflow-incremental-cost");
        for (int i = 2; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--mode" -> mode = args[i + 1];
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                case "--checkpoints" -> measured = Integer.parseInt(args[i + 1]);
                case "--dir" -> root = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<Boolean> modes = switch (mode) {
            case "full" -> List.of(false);
            case "incremental" -> List.of(true);
            case "both" -> List.of(false, true);
            default -> throw new IllegalArgumentException("--mode full|incremental|both, not " + mode);
        };
        for (long keys : keyCounts) {
            for (String durability : durabilities) {
                for (boolean incremental : modes) {
                    run(keys, durability, incremental, warmup, measured, root);
                }
            }
        }
    }

    private static void run(long keys, String durability, boolean incremental, int warmup, int measured, Path root)
        throws IOException {
        deleteTree(root); // a fresh job directory: no checkpoint of an earlier run is retained or swept
        StorageOptions options = StorageOptions.builder()
            .set(StorageOptions.CHECKPOINTS_DIR, root.toString())
            .set(StorageOptions.NUM_RETAINED, "1")
            .set(StorageOptions.DURABILITY, durability)
            .conclude();
        FileCheckpointStorage storage = new FileCheckpointStorage(options);
        List<OperatorDescriptor> operators = List.of(new OperatorDescriptor(UID, 1, MAX_PARALLELISM));

        HeapKeyedStateBackend<Long> backend =
            new HeapKeyedStateBackend<>(Codecs.LONG, MAX_PARALLELISM, new KeyGroupRange(0, MAX_PARALLELISM - 1));
        backend.setOperatorUid(UID);
        ValueState<Long> state = backend.getState(new ValueStateDescriptor<>("value", Codecs.LONG));
        if (incremental) {
            backend.enableIncrementalSnapshots(); // as AbstractKeyedOperator.open: before any record
        }
        SplittableRandom random = new SplittableRandom();
        long fillStart = System.nanoTime();
        for (long key = 0; key < keys; key++) {
            backend.setCurrentKey(key);
            state.update(random.nextLong());
        }
        long fillMillis = (System.nanoTime() - fillStart) / 1_000_000;

        List<Double> loadStart = LoadAvg.read();
        CpuStat cpuStart = CpuStat.read();
        List<Checkpoint> results = new ArrayList<>();
        long[] updated = new long[(int) Math.max(1, Math.round(keys * UPDATED_FRACTION))];
        for (long id = 1; id <= warmup + measured; id++) {
            pickDistinct(random, keys, updated);
            for (long key : updated) {
                backend.setCurrentKey(key);
                state.update(random.nextLong());
            }
            Checkpoint checkpoint = checkpoint(backend, storage, operators, id);
            if (id > warmup) {
                results.add(checkpoint);
                // keys, durability, mode, id, link, sync ms, write ms, complete ms, total ms, bytes, gc ms
                System.out.printf(Locale.ROOT, "CP\t%d\t%s\t%s\t%d\t%s\t%.3f\t%.3f\t%.3f\t%.3f\t%d\t%d%n", keys,
                    durability, incremental ? "incremental" : "full", id, checkpoint.delta() ? "change" : "full-link",
                    checkpoint.syncNanos() / 1e6, checkpoint.writeNanos() / 1e6,
                    (checkpoint.totalNanos() - checkpoint.syncNanos() - checkpoint.writeNanos()) / 1e6,
                    checkpoint.totalNanos() / 1e6, checkpoint.bytes(), checkpoint.gcMillis());
            }
        }
        List<Double> loadEnd = LoadAvg.read();
        CpuStat cpuEnd = CpuStat.read();
        report(keys, durability, incremental, fillMillis, results, diskBytes(root), loadStart, loadEnd,
            cpuStart == null || cpuEnd == null ? null : cpuEnd.since(cpuStart).get("steal_pct"));
        deleteTree(root);
    }

    /** One checkpoint, as the task, the snapshot writer and the coordinator would make it. */
    private static Checkpoint checkpoint(HeapKeyedStateBackend<Long> backend, FileCheckpointStorage storage,
                                         List<OperatorDescriptor> operators, long id) {
        CheckpointWriter writer = storage.beginCheckpoint(JOB, id); // the coordinator, at trigger
        long gcBefore = gcMillis();
        long start = System.nanoTime();
        KeyedStateSnapshot keyed = backend.snapshot(id, false); // task thread: the sync part
        long synced = System.nanoTime();
        // SnapshotWriter.writeOperator: an incremental snapshot goes to a shared stream that names its base
        boolean shared = keyed.isIncremental();
        StateOutput out = shared ? writer.openSharedState(UID, 0, keyed.base()) : writer.openState(UID, 0);
        keyed.writeTo(out::writeKeyGroup);
        StreamHandle handle = out.finish();
        if (shared) {
            keyed.written(handle);
        }
        keyed.release(); // the writer releases on the task thread before it acknowledges
        long written = System.nanoTime();
        writer.complete(operators); // coordinator: metadata, retention, shared-file sweep
        long done = System.nanoTime();
        long gc = gcMillis() - gcBefore;
        backend.notifyCheckpointComplete(id); // tasks hear of it after complete(); moves the chain on
        return new Checkpoint(id, shared, keyed.isDelta(), synced - start, written - synced, done - start,
            handle.length(), gc);
    }

    private static void report(long keys, String durability, boolean incremental, long fillMillis,
                               List<Checkpoint> all, long diskBytes, List<Double> loadStart, List<Double> loadEnd,
                               Object stealPct) {
        List<Checkpoint> changes = all.stream().filter(Checkpoint::delta).toList();
        List<Checkpoint> fullLinks = all.stream().filter(c -> !c.delta()).toList();
        // after the first (full) link, every full link of an incremental run is a materialization
        long materialized = incremental ? all.size() - changes.size() : 0;
        System.out.printf(Locale.ROOT, "RESULT\tkeys=%d\tdurability=%s\tmode=%s\tcheckpoints=%d\tmaterialized=%d"
                + "\tsync_ms_p50=%.3f\twrite_ms_p50=%.3f\tcomplete_ms_p50=%.3f\ttotal_ms_p50=%.3f\ttotal_ms_p90=%.3f\tbytes_p50=%d"
                + "\tchange_sync_ms_p50=%s\tchange_total_ms_p50=%s\tchange_total_ms_p90=%s\tchange_bytes_p50=%s"
                + "\tfull_link_total_ms_p50=%s\tgc_ms_in_checkpoints=%d\tdisk_bytes_end=%d\tfill_ms=%d\tload_start=%s\tload_end=%s\tsteal_pct=%s%n",
            keys, durability, incremental ? "incremental" : "full", all.size(), materialized,
            percentile(all, Checkpoint::syncNanos, 50) / 1e6, percentile(all, Checkpoint::writeNanos, 50) / 1e6,
            percentile(all, c -> c.totalNanos() - c.syncNanos() - c.writeNanos(), 50) / 1e6,
            percentile(all, Checkpoint::totalNanos, 50) / 1e6,
            percentile(all, Checkpoint::totalNanos, 90) / 1e6, percentile(all, Checkpoint::bytes, 50),
            changes.isEmpty() ? "-" : fmt(percentile(changes, Checkpoint::syncNanos, 50) / 1e6),
            changes.isEmpty() ? "-" : fmt(percentile(changes, Checkpoint::totalNanos, 50) / 1e6),
            changes.isEmpty() ? "-" : fmt(percentile(changes, Checkpoint::totalNanos, 90) / 1e6),
            changes.isEmpty() ? "-" : String.valueOf(percentile(changes, Checkpoint::bytes, 50)),
            fullLinks.isEmpty() ? "-" : fmt(percentile(fullLinks, Checkpoint::totalNanos, 50) / 1e6),
            all.stream().mapToLong(Checkpoint::gcMillis).sum(), diskBytes, fillMillis, loadStart, loadEnd, stealPct);
    }

    /** Nearest-rank percentile (p50 of an even count: the lower middle). */
    private static long percentile(List<Checkpoint> checkpoints, java.util.function.ToLongFunction<Checkpoint> field,
                                   int p) {
        long[] values = checkpoints.stream().mapToLong(field).sorted().toArray();
        int rank = (int) Math.ceil(p / 100.0 * values.length);
        return values[Math.max(0, rank - 1)];
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    /** Fills {@code into} with distinct keys of {@code 0..keys-1}: exactly 1 % of the keys change. */
    private static void pickDistinct(SplittableRandom random, long keys, long[] into) {
        long[] seen = new long[(int) ((keys + 63) >>> 6)];
        for (int i = 0; i < into.length; ) {
            long key = random.nextLong(keys);
            int word = (int) (key >>> 6);
            long bit = 1L << key;
            if ((seen[word] & bit) == 0) {
                seen[word] |= bit;
                into[i++] = key;
            }
        }
    }

    private static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    /** What the job's retained checkpoints and shared files take on disk at the end (the incremental chain). */
    private static long diskBytes(Path root) throws IOException {
        Path jobDir = CheckpointLayout.jobDir(root, JOB);
        if (!Files.exists(jobDir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(jobDir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}
