package io.ringflow.task;

import org.junit.jupiter.api.Test;

import static io.ringflow.task.WatermarkValve.NO_CHANGE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WatermarkValveTest {
    @Test
    void shouldEmitMinimumOverActiveChannelsOnlyWhenItAdvances() {
        WatermarkValve valve = new WatermarkValve(3);
        assertEquals(NO_CHANGE, valve.onWatermark(0, 10), "channels 1 and 2 have no watermark yet");
        assertEquals(NO_CHANGE, valve.onWatermark(1, 5));
        assertEquals(5, valve.onWatermark(2, 7));
        assertEquals(7, valve.onWatermark(1, 8));
        assertEquals(NO_CHANGE, valve.onWatermark(2, 6), "a channel's watermark never goes back");
        assertEquals(NO_CHANGE, valve.onWatermark(0, 20), "channel 2 still holds the minimum at 7");
        assertEquals(8, valve.onWatermark(2, 30));
    }

    @Test
    void shouldExcludeIdleChannelsAndNeverGoBackWhenOneResumes() {
        WatermarkValve valve = new WatermarkValve(2);
        assertEquals(NO_CHANGE, valve.onWatermark(0, 100));
        assertEquals(100, valve.onIdle(1, true), "an idle channel holds no watermark back");
        assertFalse(valve.updateIdle(), "one channel is still active");
        assertFalse(valve.allIdle());
        assertEquals(150, valve.onWatermark(0, 150));

        assertEquals(NO_CHANGE, valve.onIdle(1, false), "the resumed channel is behind: no step back");
        assertEquals(NO_CHANGE, valve.onWatermark(1, 120));
        assertEquals(NO_CHANGE, valve.onWatermark(1, 200), "channel 0 now holds the minimum at 150");
        assertEquals(200, valve.onWatermark(0, 250));
    }

    @Test
    void shouldBeIdleWhenAllLiveChannelsAreIdle() {
        WatermarkValve valve = new WatermarkValve(2);
        assertEquals(NO_CHANGE, valve.onIdle(0, true));
        assertFalse(valve.updateIdle());
        assertEquals(NO_CHANGE, valve.onIdle(1, true), "no active channel: no watermark");
        assertTrue(valve.updateIdle(), "idleness changed");
        assertTrue(valve.allIdle());
        assertFalse(valve.updateIdle(), "unchanged on a second look");

        assertEquals(42, valve.onWatermark(0, 42), "a watermark makes its channel active again");
        assertTrue(valve.updateIdle());
        assertFalse(valve.allIdle());
    }

    @Test
    void shouldIgnoreEndedChannels() {
        WatermarkValve valve = new WatermarkValve(3);
        assertEquals(NO_CHANGE, valve.onWatermark(0, 50));
        assertEquals(NO_CHANGE, valve.onWatermark(1, 40));
        assertEquals(40, valve.onEnded(2), "channel 2 never sent a watermark but has ended");
        assertEquals(50, valve.onEnded(1));

        assertEquals(NO_CHANGE, valve.onIdle(0, true));
        assertTrue(valve.updateIdle(), "the only live channel is idle");
        assertTrue(valve.allIdle());
        assertEquals(NO_CHANGE, valve.onEnded(0));
        assertTrue(valve.updateIdle());
        assertFalse(valve.allIdle(), "a task whose inputs all ended is not idle");
    }

    @Test
    void shouldFlushTheHighestWatermarkWhenTheChannelHoldingItBackGoesIdleLast() {
        WatermarkValve valve = new WatermarkValve(3);
        assertEquals(NO_CHANGE, valve.onWatermark(0, 300));
        assertEquals(NO_CHANGE, valve.onWatermark(1, 200));
        assertEquals(NO_CHANGE, valve.onIdle(0, true), "channel 2 has no watermark yet");
        assertEquals(NO_CHANGE, valve.onIdle(1, true));
        assertEquals(300, valve.onIdle(2, true), "no channel can advance it any more: the highest is flushed");
        assertTrue(valve.updateIdle());

        assertEquals(NO_CHANGE, valve.onWatermark(1, 250), "resumed behind the flushed watermark: no step back");
        assertEquals(NO_CHANGE, valve.onIdle(1, true), "the channel going idle did not hold the watermark");
    }
}
