package io.ringflow.cli.run;

import io.ringflow.api.JobClient;
import io.ringflow.metrics.JobMetrics;
import io.ringflow.runtime.LocalJob;

/** Records per second of a job's tasks over the last second, from its metrics, for the progress line. */
final class JobRates {
    private JobRates() {
    }

    static String describe(JobClient job) {
        if (!(job instanceof LocalJob local)) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        for (JobMetrics.TaskRate rate : local.metrics().taskRates()) {
            if (rate.inPerSecond() == 0 && rate.outPerSecond() == 0) {
                continue;
            }
            text.append(text.isEmpty() ? "" : ", ").append(rate.task());
            if (rate.inPerSecond() > 0) {
                text.append(String.format(" in %,.0f/s", rate.inPerSecond()));
            }
            if (rate.outPerSecond() > 0) {
                text.append(String.format(" out %,.0f/s", rate.outPerSecond()));
            }
            if (rate.backPressuredMsPerSecond() > 0) {
                text.append(String.format(" backpressured %d ms/s", rate.backPressuredMsPerSecond()));
            }
        }
        return text.toString();
    }
}
