package io.ringflow.api.connector;

/** What a {@link SourceReader} says after a poll. */
public enum InputStatus {
    /** More records can be read at once. */
    MORE_AVAILABLE,
    /** Nothing now; the task idles and polls again. */
    NOTHING_AVAILABLE,
    /** The reader is exhausted: end of input flows downstream. */
    END_OF_INPUT
}
