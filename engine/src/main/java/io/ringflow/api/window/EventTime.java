package io.ringflow.api.window;

/** Checks shared by the event-time assigners. */
final class EventTime {
    private EventTime() {
    }

    /** Fails a record without an event timestamp, naming the processing-time alternative. */
    static void require(long timestamp, String processingTimeAssigner) {
        if (timestamp == Long.MIN_VALUE) {
            throw new IllegalStateException("a record has no event timestamp: event-time windows need a "
                + "WatermarkStrategy with a timestamp assigner on the source, or use " + processingTimeAssigner);
        }
    }
}
