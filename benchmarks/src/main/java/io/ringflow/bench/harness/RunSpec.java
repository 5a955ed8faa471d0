package io.ringflow.bench.harness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of one workload variant, as command-line options so that each run can get a JVM of
 * its own: {@code --workload w1 --mode none --rate 100000 --warmup-s 5 --measure-s 15 ...}.
 *
 * @param rate events/s of a fixed-rate source, or null for unlimited
 * @param bufferTimeoutMs the workload's buffer timeout; records reach the ring one by one here,
 *                        so it only labels the variant (null = the workload's default)
 * @param events          the number of events of a bounded source (W4), or null for unbounded
 * @param durability      when checkpoint files count as written: {@code flush} (to disk, the
 *                        storage default) or {@code page-cache}
 * @param recordBytes     0 for the 24-byte event; else the event is padded with a byte[] to this
 *                        many encoded bytes before the ring (records larger than a slot span slots)
 * @param intervalMs      the checkpoint interval, or null for the workload's own
 * @param incremental     incremental checkpoints (needed for intervals below 10 ms)
 * @param fileMerging     a subtask's streams of a checkpoint as ranges of one file
 * @param yieldAfterUs    {@code ringflow.checkpoint.yield-after-us}: the checkpoint's background
 *                        threads yield their core after this many µs of work (0 = never)
 */
record RunSpec(String workload, CheckpointMode mode, Long rate, Integer bufferTimeoutMs, double warmupS,
               double measureS, int keys, String idle, int ringSize, int slotSize, int repeat, Long events,
               String durability, int recordBytes, Long intervalMs, boolean incremental, boolean fileMerging,
               int yieldAfterUs) {
    private static final List<String> OPTIONS = List.of("--workload", "--mode", "--rate", "--buffer-timeout-ms",
        "--warmup-s", "--measure-s", "--keys", "--idle", "--ring-size", "--slot-size", "--repeat", "--events",
        "--durability", "--record-bytes", "--interval-ms", "--incremental", "--file-merging", "--yield-after-us", "--out");

    static RunSpec of(String workload, CheckpointMode mode, Long rate, Integer bufferTimeoutMs, double warmupS,
                      double measureS) {
        return new RunSpec(workload, mode, rate, bufferTimeoutMs, warmupS, measureS, 10_000, "backoff",
            Workload.byName(workload).ringSize(), 128, 1, null, "flush", 0, null, false, false, 0);
    }

    RunSpec withRepeat(int repeat) {
        return new RunSpec(workload, mode, rate, bufferTimeoutMs, warmupS, measureS, keys, idle, ringSize, slotSize,
            repeat, events, durability, recordBytes, intervalMs, incremental, fileMerging, yieldAfterUs);
    }

    /** The same run checkpointing every {@code millis} ms, incrementally or not, writing with {@code durability}. */
    RunSpec withCheckpoints(long millis, boolean incremental, String durability) {
        return new RunSpec(workload, mode, rate, bufferTimeoutMs, warmupS, measureS, keys, idle, ringSize, slotSize,
            repeat, events, durability, recordBytes, millis, incremental, fileMerging, yieldAfterUs);
    }

    /** The same run writing its checkpoints with {@code other} ({@code flush} or {@code page-cache}). */
    RunSpec withDurability(String other) {
        return new RunSpec(workload, mode, rate, bufferTimeoutMs, warmupS, measureS, keys, idle, ringSize, slotSize,
            repeat, events, other, recordBytes, intervalMs, incremental, fileMerging, yieldAfterUs);
    }

    /** The interval this run checkpoints at: {@code --interval-ms}, else its workload's. */
    Duration checkpointInterval() {
        return intervalMs != null ? Duration.ofMillis(intervalMs) : Workload.byName(workload).checkpointInterval();
    }

    /** This run as repeats 1 … {@code repeats}. */
    List<RunSpec> repeated(int repeats) {
        List<RunSpec> runs = new ArrayList<>();
        for (int repeat = 1; repeat <= repeats; repeat++) {
            runs.add(withRepeat(repeat));
        }
        return runs;
    }

    /** A bounded variant: {@code events} events over {@code keys} keys. */
    RunSpec bounded(int keys, long events) {
        return new RunSpec(workload, mode, rate, bufferTimeoutMs, warmupS, measureS, keys, idle, ringSize, slotSize,
            repeat, events, durability, recordBytes, intervalMs, incremental, fileMerging, yieldAfterUs);
    }

    /** The same run in another checkpoint mode. */
    RunSpec withMode(CheckpointMode other) {
        return new RunSpec(workload, other, rate, bufferTimeoutMs, warmupS, measureS, keys, idle, ringSize, slotSize,
            repeat, events, durability, recordBytes, intervalMs, incremental, fileMerging, yieldAfterUs);
    }

    /** Reads {@code --name value} pairs; unknown names fail with the list of known ones. */
    static RunSpec parse(List<String> args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.size(); i += 2) {
            if (!OPTIONS.contains(args.get(i)) || i + 1 == args.size()) {
                throw new IllegalArgumentException("bad option " + args.get(i) + "; each of " + OPTIONS + " takes a value");
            }
            options.put(args.get(i), args.get(i + 1));
        }
        return new RunSpec(options.getOrDefault("--workload", "w1"),
            CheckpointMode.byName(options.getOrDefault("--mode", "none")),
            options.containsKey("--rate") ? Long.valueOf(options.get("--rate")) : null,
            options.containsKey("--buffer-timeout-ms") ? Integer.valueOf(options.get("--buffer-timeout-ms")) : null,
            Double.parseDouble(options.getOrDefault("--warmup-s", "5")),
            Double.parseDouble(options.getOrDefault("--measure-s", "15")),
            Integer.parseInt(options.getOrDefault("--keys", "10000")),
            options.getOrDefault("--idle", "backoff"),
            options.containsKey("--ring-size") ? Integer.parseInt(options.get("--ring-size"))
                : Workload.byName(options.getOrDefault("--workload", "w1")).ringSize(),
            Integer.parseInt(options.getOrDefault("--slot-size", "128")),
            Integer.parseInt(options.getOrDefault("--repeat", "1")),
            options.containsKey("--events") ? Long.valueOf(options.get("--events")) : null,
            options.getOrDefault("--durability", "flush"),
            Integer.parseInt(options.getOrDefault("--record-bytes", "0")),
            options.containsKey("--interval-ms") ? Long.valueOf(options.get("--interval-ms")) : null,
            bool("--incremental", options.getOrDefault("--incremental", "false")),
            bool("--file-merging", options.getOrDefault("--file-merging", "false")),
            Integer.parseInt(options.getOrDefault("--yield-after-us", "0")));
    }

    private static boolean bool(String name, String value) {
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException(name + " takes true or false, not '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    /** The options that make {@link #parse} return this spec again. */
    List<String> toArgs() {
        List<String> args = new ArrayList<>(List.of("--workload", workload, "--mode", mode.jsonName()));
        if (rate != null) {
            args.addAll(List.of("--rate", rate.toString()));
        }
        if (bufferTimeoutMs != null) {
            args.addAll(List.of("--buffer-timeout-ms", bufferTimeoutMs.toString()));
        }
        args.addAll(List.of("--warmup-s", Double.toString(warmupS), "--measure-s", Double.toString(measureS),
            "--keys", Integer.toString(keys), "--idle", idle, "--ring-size", Integer.toString(ringSize),
            "--slot-size", Integer.toString(slotSize), "--repeat", Integer.toString(repeat)));
        if (events != null) {
            args.addAll(List.of("--events", events.toString()));
        }
        if (!durability.equals("flush")) {
            args.addAll(List.of("--durability", durability));
        }
        if (recordBytes > 0) {
            args.addAll(List.of("--record-bytes", Integer.toString(recordBytes)));
        }
        if (intervalMs != null) {
            args.addAll(List.of("--interval-ms", intervalMs.toString()));
        }
        if (incremental) {
            args.addAll(List.of("--incremental", "true"));
        }
        if (fileMerging) {
            args.addAll(List.of("--file-merging", "true"));
        }
        if (yieldAfterUs != 0) {
            args.addAll(List.of("--yield-after-us", Integer.toString(yieldAfterUs)));
        }
        return args;
    }

    /** A file-name-friendly label, e.g. {@code w2-unaligned-500000-bt0-r1} or {@code w5-unaligned-100000-i1ms-inc-page-cache-r1}. */
    String label() {
        return workload + "-" + mode.jsonName() + (rate == null ? "" : "-" + rate)
            + (bufferTimeoutMs == null ? "" : "-bt" + bufferTimeoutMs) + (recordBytes == 0 ? "" : "-rb" + recordBytes)
            + (intervalMs == null ? "" : "-i" + intervalMs + "ms") + (incremental ? "-inc" : "") + (fileMerging ? "-merged" : "")
            + (durability.equals("flush") ? "" : "-" + durability) + (yieldAfterUs == 0 ? "" : "-y" + yieldAfterUs) + "-r" + repeat;
    }
}
