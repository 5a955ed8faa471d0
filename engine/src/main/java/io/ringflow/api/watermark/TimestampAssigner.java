package io.ringflow.api.watermark;

import java.io.Serializable;

/** Reads a record's event time (epoch ms). {@code recordTimestamp} is the one it already has, or Long.MIN_VALUE. */
@FunctionalInterface
public interface TimestampAssigner<T> extends Serializable {
    long extractTimestamp(T element, long recordTimestamp);
}
