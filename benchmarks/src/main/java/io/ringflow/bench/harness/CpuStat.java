package io.ringflow.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Whole-machine CPU time from the first line of {@code /proc/stat}:
 * {@code cpu user nice system idle iowait irq softirq steal ...} in clock ticks. Busy is
 * everything but idle and iowait; steal is time the hypervisor gave to other guests. Other
 * processes count too: that is the point on a shared machine.
 */
record CpuStat(long busyTicks, long stealTicks, long totalTicks) {
    private static final Path PROC_STAT = Path.of("/proc/stat");

    /** The current counters, or null where there is no {@code /proc/stat}. */
    static CpuStat read() {
        try {
            String[] fields = Files.readAllLines(PROC_STAT).get(0).trim().split("\\s+");
            long total = 0;
            // Fields 1..8: guest time is already inside user and nice, so it is not added again.
            for (int i = 1; i <= 8 && i < fields.length; i++) {
                total += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
            long steal = fields.length > 8 ? Long.parseLong(fields[8]) : 0;
            return new CpuStat(total - idle, steal, total);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** {@code busy_pct} and {@code steal_pct} of all cores between {@code before} and this. */
    Map<String, Object> since(CpuStat before) {
        Map<String, Object> cpu = new LinkedHashMap<>();
        long total = totalTicks - before.totalTicks;
        cpu.put("busy_pct", total == 0 ? null : round1(100.0 * (busyTicks - before.busyTicks) / total));
        cpu.put("steal_pct", total == 0 ? null : round1(100.0 * (stealTicks - before.stealTicks) / total));
        return cpu;
    }

    static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
