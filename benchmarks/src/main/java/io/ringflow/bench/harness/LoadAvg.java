package io.ringflow.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine's load average ({@code /proc/loadavg}: 1, 5 and 15 minutes), recorded at the start
 * and end of each measured window: on a shared machine it says how much else was runnable.
 */
final class LoadAvg {
    private static final Path PROC_LOADAVG = Path.of("/proc/loadavg");

    private LoadAvg() {
    }

    /** {@code [1 min, 5 min, 15 min]}, or null where there is no {@code /proc/loadavg}. */
    static List<Double> read() {
        try {
            return parse(Files.readString(PROC_LOADAVG));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static List<Double> parse(String line) {
        String[] fields = line.trim().split("\\s+");
        return List.of(Double.valueOf(fields[0]), Double.valueOf(fields[1]), Double.valueOf(fields[2]));
    }
}
