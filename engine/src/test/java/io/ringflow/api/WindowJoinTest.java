package io.ringflow.api;

import io.ringflow.api.functions.CoGroupFunction;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.FlatJoinFunction;
import io.ringflow.api.functions.JoinFunction;
import io.ringflow.api.functions.RichMapFunction;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.api.window.TumblingEventTimeWindows;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Flink's window join and coGroup at parallelism 2, against the pairs and counts computed by
 * hand, and a join through a failover with checkpoints collected exactly once.
 */
@Timeout(90)
class WindowJoinTest {
    static final long WINDOW_MS = 100;
    static final AtomicBoolean FAILED = new AtomicBoolean();

    record Order(long key, long id, long timeMs) {
    }

    record Payment(long key, long id, long timeMs) {
    }

    record Pair(long orderId, long paymentId) {
    }

    record Counts(long key, long windowStart, int orders, int payments) {
    }

    static List<Order> orders(int n) {
        List<Order> orders = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            orders.add(new Order(i % 7, i, i * 7));
        }
        return orders;
    }

    static List<Payment> payments(int n) {
        List<Payment> payments = new ArrayList<>();
        for (long j = 0; j < n; j++) {
            payments.add(new Payment(j % 5, j, j * 11));
        }
        return payments;
    }

    static Map<Pair, Integer> expectedPairs(List<Order> orders, List<Payment> payments) {
        Map<Pair, Integer> pairs = new HashMap<>();
        for (Order o : orders) {
            for (Payment p : payments) {
                if (o.key() == p.key() && o.timeMs() / WINDOW_MS == p.timeMs() / WINDOW_MS) {
                    pairs.merge(new Pair(o.id(), p.id()), 1, Integer::sum);
                }
            }
        }
        return pairs;
    }

    static DataStream<Order> orderStream(StreamEnvironment env, List<Order> orders) {
        return env.fromCollection(orders).uid("orders").setParallelism(1)
            .assignTimestampsAndWatermarks(WatermarkStrategy.<Order>forMonotonousTimestamps().withTimestampAssigner((o, ts) -> o.timeMs()))
            .uid("order-times").setParallelism(1);
    }

    static DataStream<Payment> paymentStream(StreamEnvironment env, List<Payment> payments) {
        return env.fromCollection(payments).uid("payments").setParallelism(1)
            .assignTimestampsAndWatermarks(WatermarkStrategy.<Payment>forMonotonousTimestamps().withTimestampAssigner((p, ts) -> p.timeMs()))
            .uid("payment-times").setParallelism(1);
    }

    /** orders ⋈ payments on the key, in tumbling windows, at parallelism 2. */
    static JoinedStreams.WithWindow<Order, Payment, Long, io.ringflow.api.window.TimeWindow> joinedWindows(List<Order> orders,
                                                                                                     List<Payment> payments) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        return orderStream(env, orders).join(paymentStream(env, payments))
            .where(Order::key).equalTo(Payment::key)
            .window(TumblingEventTimeWindows.of(Duration.ofMillis(WINDOW_MS)));
    }

    static Map<Pair, Integer> collect(DataStream<Pair> joined) throws Exception {
        Map<Pair, Integer> out = new HashMap<>();
        try (CloseableIterator<Pair> results = joined.executeAndCollect()) {
            results.forEachRemaining(pair -> out.merge(pair, 1, Integer::sum));
        }
        return out;
    }

    @Test
    void shouldJoinEveryPairOfAKeyAndWindowOnce() throws Exception {
        List<Order> orders = orders(700);
        List<Payment> payments = payments(450);
        DataStream<Pair> joined = joinedWindows(orders, payments).apply((JoinFunction<Order, Payment, Pair>) (o, p) -> new Pair(o.id(), p.id()));
        Map<Pair, Integer> expected = expectedPairs(orders, payments);
        assertTrue(expected.size() > 500, "enough pairs to mean something: " + expected.size());
        assertEquals(expected, collect(joined));
    }

    @Test
    void shouldFlatJoin() throws Exception {
        List<Order> orders = orders(300);
        List<Payment> payments = payments(200);
        DataStream<Pair> joined = joinedWindows(orders, payments).apply((FlatJoinFunction<Order, Payment, Pair>) (o, p, out) -> {
                if (o.id() % 2 == 0) {
                    out.collect(new Pair(o.id(), p.id()));
                }
            });
        Map<Pair, Integer> expected = new HashMap<>(expectedPairs(orders, payments));
        expected.keySet().removeIf(pair -> pair.orderId() % 2 != 0);
        assertEquals(expected, collect(joined));
    }

    /** Tags each pair with the subtask that joined it, read in open() from its runtime context. */
    public static class SubtaskTagging extends io.ringflow.api.functions.RichJoinFunction<Order, Payment, Pair> {
        static final java.util.Set<Integer> OPENED = java.util.concurrent.ConcurrentHashMap.newKeySet();
        static final java.util.concurrent.atomic.AtomicInteger CLOSED = new java.util.concurrent.atomic.AtomicInteger();
        private transient int subtask = -1;

        @Override
        public void open(io.ringflow.api.functions.OpenContext context) {
            subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
            OPENED.add(subtask);
        }

        @Override
        public Pair join(Order order, Payment payment) {
            return new Pair(order.id() * 10 + subtask, payment.id());
        }

        @Override
        public void close() {
            CLOSED.incrementAndGet();
        }
    }

    @Test
    void shouldRunTheLifeCycleOfARichJoinFunction() throws Exception {
        SubtaskTagging.OPENED.clear();
        SubtaskTagging.CLOSED.set(0);
        List<Order> orders = orders(300);
        List<Payment> payments = payments(200);
        DataStream<Pair> joined = joinedWindows(orders, payments).apply(new SubtaskTagging());
        Map<Pair, Integer> actual = collect(joined);
        assertEquals(java.util.Set.of(0, 1), SubtaskTagging.OPENED, "opened in both subtasks, with their runtime context");
        assertEquals(2, SubtaskTagging.CLOSED.get());
        Map<Pair, Integer> untagged = new HashMap<>();
        actual.forEach((pair, n) -> {
            assertTrue(pair.orderId() % 10 == 0 || pair.orderId() % 10 == 1, "tagged by a subtask: " + pair);
            untagged.merge(new Pair(pair.orderId() / 10, pair.paymentId()), n, Integer::sum);
        });
        assertEquals(expectedPairs(orders, payments), untagged);
    }

    /** Counts both sides of a key's window; the key and window start read from whichever side has records. */
    static final class CountBothSides implements CoGroupFunction<Order, Payment, Counts> {
        @Override
        public void coGroup(Iterable<Order> first, Iterable<Payment> second, Collector<Counts> out) {
            long key = -1;
            long start = -1;
            int o = 0;
            int p = 0;
            for (Order order : first) {
                key = order.key();
                start = order.timeMs() / WINDOW_MS * WINDOW_MS;
                o++;
            }
            for (Payment payment : second) {
                key = payment.key();
                start = payment.timeMs() / WINDOW_MS * WINDOW_MS;
                p++;
            }
            out.collect(new Counts(key, start, o, p));
        }
    }

    /** Per key and window, both sides counted; windows holding records of one side only come too, as in Flink. */
    @Test
    void shouldCoGroupBothSidesOfEachKeyAndWindow() throws Exception {
        List<Order> orders = orders(500);
        List<Payment> payments = payments(100);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        DataStream<Counts> counts = orderStream(env, orders).coGroup(paymentStream(env, payments))
            .where(Order::key).equalTo(Payment::key)
            .window(TumblingEventTimeWindows.of(Duration.ofMillis(WINDOW_MS)))
            .apply(new CountBothSides());
        Map<List<Long>, int[]> expected = new HashMap<>();
        for (Order o : orders) {
            expected.computeIfAbsent(List.of(o.key(), o.timeMs() / WINDOW_MS * WINDOW_MS), k -> new int[2])[0]++;
        }
        for (Payment p : payments) {
            expected.computeIfAbsent(List.of(p.key(), p.timeMs() / WINDOW_MS * WINDOW_MS), k -> new int[2])[1]++;
        }
        List<Counts> actual = new ArrayList<>();
        try (CloseableIterator<Counts> results = counts.executeAndCollect()) {
            results.forEachRemaining(actual::add);
        }
        assertEquals(expected.size(), actual.size(), "one result per key and window with records");
        for (Counts c : actual) {
            int[] want = expected.get(List.of(c.key(), c.windowStart()));
            assertTrue(want != null, "unexpected window " + c);
            assertEquals(want[0], c.orders(), "orders of " + c);
            assertEquals(want[1], c.payments(), "payments of " + c);
        }
        assertTrue(actual.stream().anyMatch(c -> c.payments() == 0), "windows with orders only");
    }

    /** Slow, and fails once in the first attempt, 250 orders (about 50 ms) after the first checkpoint completed. */
    public static class SlowFailOnce extends RichMapFunction<Order, Order> implements io.ringflow.api.state.CheckpointListener {
        private long lastId;
        private long failAt = Long.MAX_VALUE;

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            failAt = Math.min(failAt, lastId + 250);
        }

        @Override
        public Order map(Order order) throws Exception {
            if (order.id() % 5 == 0) {
                Thread.sleep(1);
            }
            lastId = order.id();
            if (order.id() >= failAt && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure at order " + order.id());
            }
            return order;
        }
    }

    @Test
    void shouldJoinExactlyOnceThroughAFailover(@TempDir Path dir) throws Exception {
        FAILED.set(false);
        List<Order> orders = orders(4_000);
        List<Payment> payments = payments(2_500);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(128);
        // windows fire (every 5 ms) between the checkpoints (every 100 ms): a restore must not emit their pairs twice
        env.setAutoWatermarkInterval(Duration.ofMillis(5));
        env.enableCheckpointing(100);
        env.getCheckpointConfig().storage().checkpointsDir(dir.resolve("chk"));
        env.setRestartStrategy(RestartStrategy.fixedDelay(1, Duration.ZERO));
        DataStream<Pair> joined = orderStream(env, orders).map(new SlowFailOnce()).uid("slow").setParallelism(1)
            .join(paymentStream(env, payments))
            .where(Order::key).equalTo(Payment::key)
            .window(TumblingEventTimeWindows.of(Duration.ofMillis(WINDOW_MS)))
            .apply((JoinFunction<Order, Payment, Pair>) (o, p) -> new Pair(o.id(), p.id()));
        Map<Pair, Integer> actual = collect(joined);
        assertTrue(FAILED.get(), "the failure was injected, after a checkpoint completed");
        assertEquals(expectedPairs(orders, payments), actual);
    }
}
