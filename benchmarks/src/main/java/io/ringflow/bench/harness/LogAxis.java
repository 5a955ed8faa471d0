package io.ringflow.bench.harness;

/** The decades a log-scale axis spans so that every positive value fits. */
final class LogAxis {
    private LogAxis() {
    }

    /** {@code {lowest decade, highest decade}} (log10), at least one decade apart; zeros are ignored. */
    static double[] decades(double[] values) {
        double minLog = Double.MAX_VALUE;
        double maxLog = -Double.MAX_VALUE;
        for (double value : values) {
            if (value > 0) {
                maxLog = Math.max(maxLog, Math.ceil(Math.log10(value)));
                minLog = Math.min(minLog, Math.floor(Math.log10(value)));
            }
        }
        if (minLog >= maxLog) {
            // No data, or every value within one decade: show at least one decade around it.
            minLog = minLog == Double.MAX_VALUE ? 0 : minLog;
            maxLog = minLog + 1;
        }
        return new double[] {minLog, maxLog};
    }
}
