package io.ringflow.connector;

import io.ringflow.api.CloseableIterator;
import io.ringflow.api.RestartStrategy;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.functions.RichMapFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Flink's {@code executeAndCollect}: every record of a job once, also through a failover, and a clear failure where it cannot be. */
@Timeout(90)
class ExecuteAndCollectTest {
    static final AtomicBoolean FAILED = new AtomicBoolean();

    /** Throws once, in the first attempt, at {@code failAt}; slow enough that checkpoints complete first. */
    public static class FailOnce extends RichMapFunction<Long, Long> {
        private final long failAt;

        FailOnce(long failAt) {
            this.failAt = failAt;
        }

        @Override
        public Long map(Long v) throws Exception {
            if (v % 64 == 0) {
                Thread.sleep(1);
            }
            if (v == failAt && FAILED.compareAndSet(false, true)) {
                throw new RuntimeException("injected failure at " + v);
            }
            return v * 2;
        }
    }

    @Test
    void shouldReturnEveryRecordOfABoundedJob() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        List<Long> out = new ArrayList<>();
        try (CloseableIterator<Long> results = env.fromSequence(1, 20_000).map(v -> v * 2).executeAndCollect()) {
            results.forEachRemaining(out::add);
        }
        assertEquals(20_000, out.size());
        assertEquals(20_000, out.stream().distinct().count());
        assertEquals(2L * 20_000 * 20_001 / 2, out.stream().mapToLong(Long::longValue).sum());
        assertFalse(out.contains(1L), "every record went through the map");
    }

    @Test
    void shouldReturnTheFirstRecordsOfAnUnboundedJobAndCancelIt() {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        List<Long> first = env.fromSequence(0, Long.MAX_VALUE - 1).executeAndCollect(500);
        assertEquals(500, first.size());
        assertEquals(500, first.stream().distinct().count());
    }

    @Test
    void shouldReturnEveryRecordOnceThroughAFailoverWithCheckpoints(@TempDir Path dir) throws Exception {
        FAILED.set(false);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(256);
        env.enableCheckpointing(20);
        env.getCheckpointConfig().storage().checkpointsDir(dir.resolve("chk"));
        env.setRestartStrategy(RestartStrategy.fixedDelay(1, Duration.ZERO));
        int n = 60_000;
        Map<Long, Integer> counts = new HashMap<>();
        try (CloseableIterator<Long> results = env.fromSequence(0, n - 1).uid("numbers")
            .rebalance().map(new FailOnce(40_000)).uid("fail-once")
            .executeAndCollect("collect-through-failover")) {
            results.forEachRemaining(v -> counts.merge(v, 1, Integer::sum));
        }
        assertTrue(FAILED.get(), "the failure was injected");
        long twice = counts.values().stream().filter(c -> c > 1).count();
        assertEquals(0, twice, "records returned more than once");
        assertEquals(n, counts.size(), "records returned");
        for (long v = 0; v < n; v++) {
            assertTrue(counts.containsKey(v * 2), "missing " + v * 2);
        }
    }

    @Test
    void shouldFailWhenAJobWithoutCheckpointsRestarts() throws Exception {
        FAILED.set(false);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.setRestartStrategy(RestartStrategy.fixedDelay(1, Duration.ZERO));
        try (CloseableIterator<Long> results = env.fromSequence(0, 10_000_000).map(new FailOnce(2_000)).executeAndCollect()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
                while (results.hasNext()) {
                    results.next();
                }
            });
            assertTrue(e.getMessage().contains("without checkpointing") && e.getMessage().contains("enableCheckpointing"),
                e.getMessage());
        }
    }
}
