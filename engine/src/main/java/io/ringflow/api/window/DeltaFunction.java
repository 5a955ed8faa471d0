package io.ringflow.api.window;

import java.io.Serializable;

/** The distance between two records, for {@link DeltaTrigger}, as Flink's {@code DeltaFunction}. */
@FunctionalInterface
public interface DeltaFunction<T> extends Serializable {
    double getDelta(T oldDataPoint, T newDataPoint);
}
