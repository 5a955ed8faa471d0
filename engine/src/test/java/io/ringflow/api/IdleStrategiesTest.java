package io.ringflow.api;

import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdleStrategiesTest {
    @Test
    void shouldMakeAFreshStrategyPerTaskByName() {
        assertInstanceOf(WakeableBackoffIdleStrategy.class, IdleStrategies.byName("backoff").get());
        assertInstanceOf(BusySpinIdleStrategy.class, IdleStrategies.byName("busy-spin").get());
        assertInstanceOf(YieldingIdleStrategy.class, IdleStrategies.byName("yielding").get());
        assertInstanceOf(SleepingIdleStrategy.class, IdleStrategies.byName("sleeping").get());
        assertNotSame(IdleStrategies.backoff().get(), IdleStrategies.backoff().get());
    }

    @Test
    void shouldNameTheChoicesForAnUnknownName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IdleStrategies.byName("spin"));
        assertTrue(e.getMessage().contains("backoff, busy-spin, yielding, sleeping"), e.getMessage());
    }
}
