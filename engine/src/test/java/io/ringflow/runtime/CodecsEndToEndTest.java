package io.ringflow.runtime;

import io.ringflow.api.CheckpointConfig;
import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.KeyedProcessFunction;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.barrier.BarrierMode;
import io.ringflow.connector.DiscardingSink;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.restore.Restore;
import io.ringflow.testing.Eventually;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A record holding an enum, a List, a Map, an Optional, an Instant, a nested record, a Set, a
 * BigDecimal, a BigInteger, a Duration and a POJO, with its codec found by class: it crosses a
 * keyBy to two subtasks, is kept in ValueState, checkpointed, and read back by a job restored
 * from the retained checkpoint.
 */
class CodecsEndToEndTest {
    static final long EVENTS = 40_000;
    static final long KEYS = 8;
    static final String JOB = "codecs-end-to-end";
    static final AtomicLong PROCESSED = new AtomicLong();
    /** Per key, the state the restored job read first. */
    static final Map<Long, Order> FIRST_READ = new ConcurrentHashMap<>();
    /** The first mismatches, kept few so that a broken codec gives a readable failure. */
    static final Queue<String> MISMATCHES = new ConcurrentLinkedQueue<>();
    static volatile boolean restored;

    @TempDir
    Path dir;

    enum Side { BUY, SELL }

    record Leg(String venue, long qty) {
    }

    /** A Flink-style POJO: public no-arg constructor, public fields. */
    public static class Venue {
        public String name;
        public int tier;

        public Venue() {
        }

        Venue(String name, int tier) {
            this.name = name;
            this.tier = tier;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Venue v && Objects.equals(name, v.name) && tier == v.tier;
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, tier);
        }

        @Override
        public String toString() {
            return "Venue(" + name + ", " + tier + ")";
        }
    }

    record Order(long id, Side side, List<String> tags, Map<String, Integer> counts, Optional<String> note,
                 Instant at, Leg leg, Set<String> flags, BigDecimal price, BigInteger lots, Duration ttl, Venue venue) {
        /** Record {@code n}, with empties, absent notes and both sides along the way. */
        static Order of(long n) {
            return new Order(n, n % 2 == 0 ? Side.BUY : Side.SELL,
                n % 3 == 0 ? List.of() : List.of("t" + n % 10),
                Map.of("k", (int) (n % 7)),
                n % 5 == 0 ? Optional.empty() : Optional.of("n" + n % 100),
                Instant.ofEpochSecond(1_700_000_000L + n, n % 1_000),
                new Leg("V" + n % 3, n),
                n % 4 == 0 ? Set.of() : Set.of("f" + n % 3, "g"),
                BigDecimal.valueOf(n * 25 + 1, 4),
                BigInteger.valueOf(n).shiftLeft(70),
                Duration.ofMillis(n % 60_000),
                new Venue("X" + n % 5, (int) (n % 3)));
        }
    }

    @BeforeEach
    void reset() {
        PROCESSED.set(0);
        FIRST_READ.clear();
        MISMATCHES.clear();
        restored = false;
    }

    @Test
    void shouldCarryTheRecordAcrossKeyByIntoStateAndBackFromACheckpoint() {
        StreamEnvironment first = environment();
        first.getCheckpointConfig().setExternalizedCheckpointCleanup(CheckpointConfig.ExternalizedCheckpointCleanup.RETAIN_ON_CANCELLATION);
        build(first, 10_000);
        JobClient job = first.executeAsync(JOB);
        try {
            Eventually.await("orders in every key's state", () -> PROCESSED.get() >= 2_000 || job.status() != JobStatus.RUNNING);
            long before = completed(job);
            Eventually.await("a checkpoint of that state", () -> completed(job) > before || job.status() != JobStatus.RUNNING);
        } finally {
            Jobs.stop(job);
        }
        assertEquals(JobStatus.CANCELED, job.status(), "the first job was still running: " + job.failureCause());

        restored = true;
        PROCESSED.set(0);
        StreamEnvironment second = environment().setRestore(Restore.LATEST);
        build(second, 0);
        JobClient again = second.executeAsync(JOB);
        try {
            assertEquals(JobStatus.FINISHED, again.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(again);
        }

        assertTrue(MISMATCHES.isEmpty(), "decoded records and state differ from what was written: " + MISMATCHES);
        assertTrue(PROCESSED.get() < EVENTS, "the restored job continued from the checkpoint: " + PROCESSED.get());
        assertEquals(KEYS, FIRST_READ.size(), "every key's order came back from the checkpoint");
        FIRST_READ.forEach((key, order) -> assertEquals(key, order.id() % KEYS, "key " + key));
    }

    private static long completed(JobClient job) {
        return job.checkpointStats().stream().filter(stats -> stats.status() == CheckpointStatus.COMPLETED).count();
    }

    private StreamEnvironment environment() {
        return SequenceJob.environment(BarrierMode.ALIGNED, 20, dir);
    }

    private static void build(StreamEnvironment env, double rate) {
        env.fromSource(GeneratorSource.bounded(EVENTS, n -> n).withRate(rate), WatermarkStrategy.noWatermarks(), "numbers")
            .uid("numbers").setParallelism(1)
            .map(Order::of).uid("orders").setParallelism(1)
            .keyBy(order -> order.id() % KEYS)
            .process(new LastOrder()).uid("last-order").setParallelism(2)
            .sinkTo(DiscardingSink.create()).uid("discard").setParallelism(2);
    }

    /** Keeps each key's last order; the previous order of a key is always the one KEYS records back. */
    static final class LastOrder extends KeyedProcessFunction<Long, Order, Long> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<Order> last;

        @Override
        public void open() {
            last = getRuntimeContext().getState(new ValueStateDescriptor<>("last", Codecs.forClass(Order.class)));
        }

        @Override
        public void processElement(Order order, Context ctx, Collector<Long> out) {
            if (!order.equals(Order.of(order.id()))) {
                mismatch("crossed the ring as " + order);
            }
            Order previous = last.value();
            if (previous != null && !previous.equals(Order.of(order.id() - KEYS))) {
                mismatch("state before " + order.id() + " was " + previous);
            }
            if (restored && previous != null) {
                FIRST_READ.putIfAbsent(ctx.getCurrentKey(), previous);
            }
            last.update(order);
            PROCESSED.incrementAndGet();
            out.collect(order.id());
        }

        private static void mismatch(String what) {
            if (MISMATCHES.size() < 5) {
                MISMATCHES.add(what);
            }
        }
    }
}
