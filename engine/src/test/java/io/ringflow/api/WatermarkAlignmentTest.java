package io.ringflow.api;

import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.ProcessFunction;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.DiscardingSink;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Flink's watermark alignment: a fast source in the same group as a slow one stays within the
 * allowed drift of it (counted downstream, in event time), a finished member holds no one back,
 * and sources in other groups or without alignment run freely.
 */
class WatermarkAlignmentTest {
    private static final int N = 20_000;
    private static final AtomicLong MAX_LEAD = new AtomicLong();
    private static final AtomicLong RECORDS = new AtomicLong();

    public record Tagged(int source, long time) {
    }

    /** Downstream of both sources: how far the fast one's event time got ahead of the slow one's. */
    static final class Lead extends ProcessFunction<Tagged, Long> {
        private final long[] newest = {Long.MIN_VALUE, Long.MIN_VALUE};

        @Override
        public void processElement(Tagged record, Context ctx, Collector<Long> out) {
            RECORDS.incrementAndGet();
            newest[record.source()] = Math.max(newest[record.source()], record.time());
            if (record.source() == 0 && newest[1] != Long.MIN_VALUE && newest[1] < N - 1) {
                MAX_LEAD.accumulateAndGet(record.time() - newest[1], Math::max);
            }
        }
    }

    private static WatermarkStrategy<Tagged> strategy(String group) {
        WatermarkStrategy<Tagged> strategy = WatermarkStrategy.<Tagged>forMonotonousTimestamps()
            .withTimestampAssigner((t, ts) -> t.time());
        return group == null ? strategy : strategy.withWatermarkAlignment(group, Duration.ofMillis(100), Duration.ofMillis(10));
    }

    private static long maxLead(String fastGroup, String slowGroup, long slowCount) {
        MAX_LEAD.set(Long.MIN_VALUE);
        RECORDS.set(0);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1).setRingSize(64)
            .setAutoWatermarkInterval(Duration.ZERO);
        DataStream<Tagged> fast = env.fromSource(GeneratorSource.bounded(N, i -> new Tagged(0, i)), strategy(fastGroup), "fast");
        DataStream<Tagged> slow = env.fromSource(GeneratorSource.bounded(slowCount, i -> new Tagged(1, i)).withRate(20_000),
            strategy(slowGroup), "slow");
        fast.union(slow).process(new Lead()).sinkTo(DiscardingSink.create());
        assertEquals(JobStatus.FINISHED, Jobs.run(env, "alignment").status());
        assertEquals(N + slowCount, RECORDS.get(), "every record of both sources");
        return MAX_LEAD.get();
    }

    @Test
    void aFastSourceStaysWithinTheDriftOfASlowOneInItsGroup() {
        long lead = maxLead("g", "g", N);
        // 100 ms of drift, plus what the slow source's ring holds on its way here (64 records, 1 ms each)
        assertTrue(lead <= 100 + 64 + 2, "the fast source ran " + lead + " ms of event time ahead");
        // without alignment it runs ahead by almost all of its records (checked: about 19,000 ms)
        long unaligned = maxLead(null, null, N);
        assertTrue(unaligned > 5_000, "without alignment the fast source ran only " + unaligned + " ms ahead");
    }

    @Test
    void otherGroupsDoNotHoldEachOtherBack() {
        assertTrue(maxLead("fast", "slow", N) > 5_000);
    }

    @Test
    void aFinishedMemberHoldsNoOneBack() {
        // the slow source ends after 200 records: the fast one must then run to its end (no hang)
        maxLead("g", "g", 200);
    }

    @Test
    void badSettingsAreRefused() {
        WatermarkStrategy<Tagged> base = WatermarkStrategy.forMonotonousTimestamps();
        assertThrows(IllegalArgumentException.class, () -> base.withWatermarkAlignment("", Duration.ofMillis(1)));
        assertThrows(IllegalArgumentException.class, () -> base.withWatermarkAlignment("g", Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class,
            () -> base.withWatermarkAlignment("g", Duration.ofMillis(1), Duration.ZERO));
    }
}
