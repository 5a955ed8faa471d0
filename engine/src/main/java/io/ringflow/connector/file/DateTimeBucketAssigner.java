package io.ringflow.connector.file;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * A bucket per period of processing time, named by a date-time pattern ({@code yyyy-MM-dd--HH}
 * by default: one directory per hour), as Flink's {@code DateTimeBucketAssigner}.
 */
public final class DateTimeBucketAssigner<IN> implements BucketAssigner<IN> {
    private static final long serialVersionUID = 1L;
    private static final String DEFAULT_FORMAT = "yyyy-MM-dd--HH";
    private final String formatString;
    private final ZoneId zoneId;
    private transient DateTimeFormatter formatter;

    public DateTimeBucketAssigner() {
        this(DEFAULT_FORMAT);
    }

    public DateTimeBucketAssigner(String formatString) {
        this(formatString, ZoneId.systemDefault());
    }

    public DateTimeBucketAssigner(ZoneId zoneId) {
        this(DEFAULT_FORMAT, zoneId);
    }

    public DateTimeBucketAssigner(String formatString, ZoneId zoneId) {
        DateTimeFormatter.ofPattern(formatString); // a bad pattern fails here
        this.formatString = formatString;
        this.zoneId = zoneId;
    }

    @Override
    public String getBucketId(IN element, Context context) {
        if (formatter == null) {
            formatter = DateTimeFormatter.ofPattern(formatString).withZone(zoneId);
        }
        return formatter.format(Instant.ofEpochMilli(context.currentProcessingTime()));
    }
}
