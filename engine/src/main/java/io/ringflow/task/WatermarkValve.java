package io.ringflow.task;

import java.util.Arrays;

/**
 * Combines the watermarks of a task's input channels: the task's watermark is the minimum over
 * channels that are neither idle nor ended, and never goes backwards. When every live channel
 * is idle the task is idle too, and, as in Flink, the channel that held the watermark back going
 * idle last flushes the highest watermark any channel reached: no channel will advance it now.
 */
final class WatermarkValve {
    static final long NO_CHANGE = Long.MIN_VALUE;

    private final long[] watermarks;
    private final boolean[] idle;
    private final boolean[] ended;
    private long lastWatermark = Long.MIN_VALUE;
    private boolean allIdle;

    WatermarkValve(int channels) {
        watermarks = new long[channels];
        Arrays.fill(watermarks, Long.MIN_VALUE);
        idle = new boolean[channels];
        ended = new boolean[channels];
    }

    /** @return the new combined watermark, or {@link #NO_CHANGE} */
    long onWatermark(int channel, long watermark) {
        if (watermark > watermarks[channel]) {
            watermarks[channel] = watermark;
        }
        idle[channel] = false;
        return advance();
    }

    /** @return the new combined watermark, or {@link #NO_CHANGE} */
    long onIdle(int channel, boolean channelIdle) {
        boolean wentIdle = channelIdle && !idle[channel];
        idle[channel] = channelIdle;
        if (wentIdle && !anyActive() && watermarks[channel] == lastWatermark) {
            return flushHighest();
        }
        return advance();
    }

    long onEnded(int channel) {
        ended[channel] = true;
        return advance();
    }

    /** True when every channel that has not ended is idle. */
    boolean allIdle() {
        return allIdle;
    }

    /** Recomputes {@link #allIdle()}; returns true when it changed. */
    boolean updateIdle() {
        boolean nowIdle = true;
        boolean anyLive = false;
        for (int i = 0; i < watermarks.length; i++) {
            if (!ended[i]) {
                anyLive = true;
                nowIdle &= idle[i];
            }
        }
        nowIdle &= anyLive;
        boolean changed = nowIdle != allIdle;
        allIdle = nowIdle;
        return changed;
    }

    private boolean anyActive() {
        for (int i = 0; i < watermarks.length; i++) {
            if (!idle[i] && !ended[i]) {
                return true;
            }
        }
        return false;
    }

    private long flushHighest() {
        long max = Long.MIN_VALUE;
        for (int i = 0; i < watermarks.length; i++) {
            if (!ended[i]) {
                max = Math.max(max, watermarks[i]);
            }
        }
        if (max <= lastWatermark) {
            return NO_CHANGE;
        }
        lastWatermark = max;
        return max;
    }

    private long advance() {
        long min = Long.MAX_VALUE;
        boolean any = false;
        for (int i = 0; i < watermarks.length; i++) {
            if (!idle[i] && !ended[i]) {
                min = Math.min(min, watermarks[i]);
                any = true;
            }
        }
        if (!any || min <= lastWatermark) {
            return NO_CHANGE;
        }
        lastWatermark = min;
        return min;
    }
}
