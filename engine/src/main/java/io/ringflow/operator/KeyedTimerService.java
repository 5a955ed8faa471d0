package io.ringflow.operator;

import io.ringflow.api.functions.TimerService;

import java.util.function.LongSupplier;

/** The timer service of a keyed function: timers of the backend's current key. */
final class KeyedTimerService<K> implements TimerService {
    private final KeyedStateAndTimers<K> keyed;
    private final OperatorContext context;
    private final LongSupplier watermark;

    KeyedTimerService(KeyedStateAndTimers<K> keyed, OperatorContext context, LongSupplier watermark) {
        this.keyed = keyed;
        this.context = context;
        this.watermark = watermark;
    }

    private K key() {
        return keyed.state.getCurrentKey();
    }

    @Override
    public long currentProcessingTime() {
        return context.clock().currentTimeMillis();
    }

    @Override
    public long currentWatermark() {
        return watermark.getAsLong();
    }

    @Override
    public void registerEventTimeTimer(long time) {
        keyed.timers.registerEventTimeTimer(key(), time);
    }

    @Override
    public void registerProcessingTimeTimer(long time) {
        keyed.registerProcessingTimeTimer(key(), time);
    }

    @Override
    public void deleteEventTimeTimer(long time) {
        keyed.timers.deleteEventTimeTimer(key(), time);
    }

    @Override
    public void deleteProcessingTimeTimer(long time) {
        keyed.timers.deleteProcessingTimeTimer(key(), time);
    }
}
