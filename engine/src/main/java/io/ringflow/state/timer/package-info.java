/**
 * Per-key timers in event time and processing time, organised so that they snapshot and
 * restore by key group like keyed state.
 *
 * <pre>
 *   register(key, ts) -> TimerQueue: min-heap on ts  +  hash table on (key, ts) for dedup/delete
 *   advanceWatermark(wm, cb)  fires event-time timers ts <= wm, earliest first
 *   onProcessingTime(now, cb) fires processing-time timers ts <= now
 *   nextProcessingTimeMs()    how long the task loop may idle
 * </pre>
 */
package io.ringflow.state.timer;
