package io.ringflow.connector;

import io.ringflow.storage.log.LogTailer;

/**
 * One queue a {@link ChronicleLogSource} subtask reads: its tailer and the index where a bounded
 * replay of it ends ({@link #TAILING} when it never ends).
 */
final class LogQueueCursor {
    /** The end index of a queue that is read forever. */
    static final long TAILING = Long.MAX_VALUE;

    private final int queue;
    private final LogTailer tailer;
    private long endIndex;

    LogQueueCursor(int queue, LogTailer tailer, long endIndex) {
        this.queue = queue;
        this.tailer = tailer;
        this.endIndex = endIndex;
    }

    /** The subtask number of the queue, as in its directory name. */
    int queue() {
        return queue;
    }

    LogTailer tailer() {
        return tailer;
    }

    long endIndex() {
        return endIndex;
    }

    void endIndex(long endIndex) {
        this.endIndex = endIndex;
    }

    /** True when a bounded replay of this queue has read its last document. */
    boolean isDone() {
        if (endIndex == TAILING) {
            return false;
        }
        return endIndex == LogTailer.NO_INDEX
            || tailer.positionIndex() > endIndex
            || tailer.positionIndex() == endIndex && tailer.positionIsRead();
    }
}
