package io.ringflow.api.watermark;

/** Decides watermarks from the events a source subtask emits. */
public interface WatermarkGenerator<T> {
    void onEvent(T event, long eventTimestamp, WatermarkOutput output);

    /** Called every auto-watermark interval (or after every event when the interval is 0). */
    void onPeriodicEmit(WatermarkOutput output);
}
