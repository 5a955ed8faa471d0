package io.ringflow.cli.run;

import io.ringflow.api.JobClient;

/** Records per second of a job's tasks, between two calls. */
final class JobRates {
    String describe(JobClient job) {
        return "";
    }
}
