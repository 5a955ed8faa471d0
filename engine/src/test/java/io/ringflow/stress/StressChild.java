package io.ringflow.stress;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The JVM that {@link SigkillRun} kills: runs a scenario's job under the watchdog and prints how
 * it ended. Exit 0: it ended and kept its guarantee; 3: it hung (the diagnostics are printed); 1:
 * anything else.
 */
public final class StressChild {
    static final int EXIT_HANG = 3;

    private StressChild() {
    }

    /** {@code DIR SCENARIO-ARGS...} (see {@link Scenario#toArgs()}). */
    public static void main(String[] args) {
        Scenario scenario = Scenario.fromArgs(Arrays.asList(args).subList(1, args.length));
        RunResult result = InProcessRun.execute(scenario, Path.of(args[0]), false);
        System.out.println(result.describe());
        System.out.flush();
        System.exit(result.ok() ? 0 : result.hang() != null ? EXIT_HANG : 1);
    }
}
