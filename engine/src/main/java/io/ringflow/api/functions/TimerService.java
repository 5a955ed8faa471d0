package io.ringflow.api.functions;

/**
 * Time and timers of a keyed function. Timers are per key and deduplicated: registering the same
 * (key, time) twice fires once. Times are epoch milliseconds.
 */
public interface TimerService {
    long currentProcessingTime();

    long currentWatermark();

    void registerEventTimeTimer(long time);

    void registerProcessingTimeTimer(long time);

    void deleteEventTimeTimer(long time);

    void deleteProcessingTimeTimer(long time);
}
