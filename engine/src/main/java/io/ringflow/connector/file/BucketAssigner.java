package io.ringflow.connector.file;

import java.io.Serializable;

/** Which bucket (a directory under the sink's base path; "" for the base path itself) a record goes to, as Flink's. */
@FunctionalInterface
public interface BucketAssigner<IN> extends Serializable {
    String getBucketId(IN element, Context context);

    /** What an assigner may ask about the record being written. */
    interface Context {
        long currentProcessingTime();

        /** The sink's current watermark ({@code Long.MIN_VALUE} before the first). */
        long currentWatermark();

        /** The record's event time, or null when it has none. */
        Long timestamp();
    }
}
