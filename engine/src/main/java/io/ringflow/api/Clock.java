package io.ringflow.api;

/**
 * The source of processing time for timers, windows, watermark intervals and idleness. Tests
 * inject a manual clock instead of sleeping.
 */
public interface Clock {
    /** Processing time in epoch milliseconds. */
    long currentTimeMillis();

    Clock SYSTEM = System::currentTimeMillis;
}
