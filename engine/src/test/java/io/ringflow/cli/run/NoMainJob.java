package io.ringflow.cli.run;

/** A class without a main method, for the error of {@code ringflow run}. */
public final class NoMainJob {
    private NoMainJob() {
    }
}
