package io.ringflow.stress;

import java.util.Locale;

/**
 * How one stress run ended. Exactly one of {@code hang}, {@code error} and {@code verdict} says
 * why: a hang's message carries the job's diagnostics, an error is a failure the job did not
 * recover from, and the verdict is the output check of a job that ended.
 *
 * @param failuresInjected failures thrown (and, for a run that passed, survived)
 * @param restarts         restarts of the job; more than the injected failures means the engine failed on its own
 * @param killed           the run's first JVM was killed with SIGKILL and the job restored from {@code latest}
 */
record RunResult(Scenario scenario, int failuresInjected, int restarts, boolean killed, long checkpoints,
                 OutputChecker.Verdict verdict, String hang, String error, long millis) {

    static RunResult hung(Scenario scenario, String hang, long millis) {
        return new RunResult(scenario, 0, 0, false, 0, null, hang, null, millis);
    }

    static RunResult failed(Scenario scenario, String error, long millis) {
        return new RunResult(scenario, 0, 0, false, 0, null, null, error, millis);
    }

    boolean ok() {
        return problem() == null;
    }

    /** The kind of violation, or null for a run that kept its mode's guarantee. */
    String problem() {
        if (hang != null) {
            return "HANG";
        }
        if (error != null) {
            return "ERROR";
        }
        if (verdict.hasLoss()) {
            return "LOSS";
        }
        if (verdict.hasDuplicates()) {
            return "DUPLICATE";
        }
        if (verdict.hasDisorder()) {
            return "OUT-OF-ORDER";
        }
        if (restarts != failuresInjected) {
            return "UNEXPECTED-RESTART";
        }
        return null;
    }

    RunResult asKilled() {
        return new RunResult(scenario, failuresInjected, restarts, true, checkpoints, verdict, hang, error, millis);
    }

    RunResult plusMillis(long more) {
        return new RunResult(scenario, failuresInjected, restarts, killed, checkpoints, verdict, hang, error, millis + more);
    }

    /** One line: the scenario, the outcome and what was survived. */
    String summary() {
        String outcome = problem() == null ? "OK" : problem();
        return String.format(Locale.ROOT, "%-18s %s, %.1f s, %d failures injected, %d restarts, %d checkpoints%s%s",
            outcome, scenario, millis / 1000.0, failuresInjected, restarts, checkpoints, killed ? ", SIGKILLed" : "",
            verdict == null ? "" : "; " + verdict.describe());
    }

    /** The summary and, for a hang or an error, the diagnostics or the stack trace. */
    String describe() {
        String details = hang != null ? hang : error;
        return details == null ? summary() : summary() + "\n" + details;
    }
}
