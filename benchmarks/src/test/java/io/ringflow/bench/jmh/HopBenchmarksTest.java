package io.ringflow.bench.jmh;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The two one-hop benchmarks move every record they time: the consumer sees each one, once. */
@Timeout(60)
class HopBenchmarksTest {
    private static final int CALLS = 50; // 5,000 records: the 4,096-slot ring fills and wraps

    @Test
    void shouldCarryEveryRecordThroughTheBareDisruptorRing() throws Exception {
        BareDisruptorHopBenchmark benchmark = new BareDisruptorHopBenchmark();
        benchmark.idle = "backoff";
        benchmark.setUp();
        for (int i = 0; i < CALLS; i++) {
            benchmark.oneHop();
        }
        benchmark.tearDown(); // waits until the consumer read every slot
        assertEquals(expectedChecksum(benchmark.records()), benchmark.checksum());
    }

    @Test
    void shouldCarryEveryRecordThroughTheEnginesChannel() throws Exception {
        RingThroughputBenchmark benchmark = new RingThroughputBenchmark();
        benchmark.idle = "backoff";
        benchmark.record = "event24";
        benchmark.setUp();
        for (int i = 0; i < CALLS; i++) {
            benchmark.oneHop();
        }
        benchmark.tearDown();
        assertEquals(expectedChecksum(benchmark.records()), benchmark.checksum());
    }

    /** Each call sends records[i & 15] for i from 0 to 99; the consumer adds up the hash codes of the records it rebuilt. */
    private static long expectedChecksum(Object[] records) {
        long perCall = 0;
        for (int i = 0; i < 100; i++) {
            perCall += records[i & 15].hashCode();
        }
        return perCall * CALLS;
    }
}
