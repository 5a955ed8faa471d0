package io.ringflow.operator;

import io.ringflow.api.window.Window;

import java.io.Serializable;

/**
 * What one window keeps in keyed state ({@code S}) and what its function gets when it fires
 * ({@code R}): an accumulator folded record by record, or the records themselves when an
 * evictor must see them. Codecs stay outside: this object is copied per subtask.
 */
public interface WindowContents<IN, S, R> extends Serializable {
    /** Adds a record with its timestamp; {@code contents} is null for a window's first record. */
    S add(IN value, long timestamp, S contents) throws Exception;

    /** The contents of two windows that merged (sessions). */
    S merge(S a, S b) throws Exception;

    /** The function's input; may change {@code contents} in place (an evictor removes records). */
    R result(S contents, Window window, io.ringflow.api.window.Evictor.EvictorContext context) throws Exception;

    /** The user function to open and close with the operator. */
    Object userFunction();
}
