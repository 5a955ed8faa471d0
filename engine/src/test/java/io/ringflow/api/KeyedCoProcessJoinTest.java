package io.ringflow.api;

import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.KeyedCoProcessFunction;
import io.ringflow.api.functions.KeyedProcessFunction.TimeDomain;
import io.ringflow.api.state.MapState;
import io.ringflow.api.state.MapStateDescriptor;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.CollectSink;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A keyed two-input join end to end against plain Java: orders and their payments (in two parts,
 * some missing) meet by order id in a {@link KeyedCoProcessFunction} with a {@link ValueState}, a
 * {@link MapState} and an event-time timer that sends orders still unpaid at their deadline to a
 * side output. Both inputs are out of order within their watermarks' bound, and a payment may
 * come before its order.
 */
class KeyedCoProcessJoinTest {
    private static final int ORDERS = 5_000;
    private static final long DEADLINE_MS = 1_000;
    static final OutputTag<Unpaid> UNPAID = new OutputTag<Unpaid>("unpaid") {
    };
    static final AtomicLong LATE = new AtomicLong();
    static final AtomicLong WRONG_TIMERS = new AtomicLong();

    record Order(long id, long amount, long time) {
    }

    record Payment(long orderId, int part, long amount, long time) {
    }

    record Paid(long orderId, long amount) {
    }

    record Unpaid(long orderId, long amount, long paid) {
    }

    @BeforeEach
    void reset() {
        LATE.set(0);
        WRONG_TIMERS.set(0);
    }

    /** Order {@code id} at about {@code 10 id} ms, up to 199 ms out of order. */
    static Order order(long id) {
        return new Order(id, 100 + id % 50, id * 10 + id * 7_919 % 200);
    }

    /** Two parts per order; none for every fifth order, only the first for every seventh. */
    static List<Payment> payments() {
        List<Payment> payments = new ArrayList<>();
        for (long id = 0; id < ORDERS; id++) {
            if (id % 5 == 0) {
                continue;
            }
            Order order = order(id);
            long first = order.amount() / 2;
            for (int part = 0; part < (id % 7 == 0 ? 1 : 2); part++) {
                long time = order.time() - 50 + (id * 31 + part * 17) % 150; // within 50 ms before to 99 ms after the order
                payments.add(new Payment(id, part, part == 0 ? first : order.amount() - first, time));
            }
        }
        return payments;
    }

    /**
     * Keeps an order until its parts are paid (emitting it as paid), or until the watermark passes
     * its deadline (emitting it as unpaid on a side output). Payments before their order wait in a map.
     */
    static final class Reconcile extends KeyedCoProcessFunction<Long, Order, Payment, Paid> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<Order> order;
        private transient MapState<Integer, Long> parts;

        @Override
        public void open() {
            order = getRuntimeContext().getState(new ValueStateDescriptor<>("order", Codecs.forClass(Order.class)));
            parts = getRuntimeContext().getMapState(new MapStateDescriptor<>("parts", Codecs.INT, Codecs.LONG));
        }

        @Override
        public void processElement1(Order value, Context ctx, Collector<Paid> out) throws Exception {
            noteLate(ctx);
            order.update(value);
            ctx.timerService().registerEventTimeTimer(value.time() + DEADLINE_MS);
            settleIfPaid(ctx, out);
        }

        @Override
        public void processElement2(Payment value, Context ctx, Collector<Paid> out) throws Exception {
            noteLate(ctx);
            parts.put(value.part(), value.amount());
            settleIfPaid(ctx, out);
        }

        private void settleIfPaid(Context ctx, Collector<Paid> out) throws Exception {
            Order pending = order.value();
            if (pending != null && paid() == pending.amount()) {
                out.collect(new Paid(pending.id(), pending.amount()));
                ctx.timerService().deleteEventTimeTimer(pending.time() + DEADLINE_MS);
                order.clear();
                parts.clear();
            }
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<Paid> out) throws Exception {
            Order pending = order.value();
            if (pending == null || pending.id() != ctx.getCurrentKey() || ctx.timeDomain() != TimeDomain.EVENT_TIME
                || timestamp != pending.time() + DEADLINE_MS) {
                WRONG_TIMERS.incrementAndGet();
                return;
            }
            ctx.output(UNPAID, new Unpaid(pending.id(), pending.amount(), paid()));
            order.clear();
            parts.clear();
        }

        private long paid() throws Exception {
            long sum = 0;
            for (Long amount : parts.values()) {
                sum += amount;
            }
            return sum;
        }

        private static void noteLate(Context ctx) {
            if (ctx.timestamp() <= ctx.timerService().currentWatermark()) {
                LATE.incrementAndGet();
            }
        }
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 4})
    void shouldPayOrMissEveryOrderOnceAsPlainJavaDoes(int parallelism) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(parallelism).setRingSize(32)
            .setAutoWatermarkInterval(Duration.ZERO); // a watermark after every record: timers fire all along
        DataStream<Order> orders = env.fromSource(GeneratorSource.bounded(ORDERS, KeyedCoProcessJoinTest::order),
            WatermarkStrategy.<Order>forBoundedOutOfOrderness(Duration.ofMillis(500)).withTimestampAssigner((o, ts) -> o.time()),
            "orders");
        List<Payment> payments = payments();
        DataStream<Payment> paymentStream = env.fromSource(
            GeneratorSource.bounded(payments.size(), n -> payments.get((int) n)).withCodec(Codecs.forClass(Payment.class)),
            WatermarkStrategy.<Payment>forBoundedOutOfOrderness(Duration.ofMillis(500)).withTimestampAssigner((p, ts) -> p.time()),
            "payments").setParallelism(Math.max(1, parallelism - 1));
        CollectSink<Paid> paid = new CollectSink<>();
        CollectSink<Unpaid> unpaid = new CollectSink<>();
        SingleOutputStreamOperator<Paid> reconciled = orders.connect(paymentStream)
            .keyBy(Order::id, Payment::orderId)
            .process(new Reconcile()).uid("reconcile");
        reconciled.sinkTo(paid);
        reconciled.getSideOutput(UNPAID).sinkTo(unpaid);

        assertEquals(JobStatus.FINISHED, Jobs.run(env, "orders-payments-p" + parallelism).status());

        List<Paid> expectedPaid = new ArrayList<>();
        List<Unpaid> expectedUnpaid = new ArrayList<>();
        for (long id = 0; id < ORDERS; id++) {
            Order order = order(id);
            if (id % 5 == 0) {
                expectedUnpaid.add(new Unpaid(id, order.amount(), 0));
            } else if (id % 7 == 0) {
                expectedUnpaid.add(new Unpaid(id, order.amount(), order.amount() / 2));
            } else {
                expectedPaid.add(new Paid(id, order.amount()));
            }
        }
        assertEquals(expectedPaid, sorted(paid.getResults(), Comparator.comparingLong(Paid::orderId)));
        assertEquals(expectedUnpaid, sorted(unpaid.getResults(), Comparator.comparingLong(Unpaid::orderId)));
        assertEquals(0, WRONG_TIMERS.get(), "timers that fired without their order, key or time");
        assertEquals(0, LATE.get(), "records behind the watermark of both inputs");
        assertTrue(expectedUnpaid.size() > 1_000 && expectedPaid.size() > 3_000, "both outcomes are exercised");
    }

    private static <T> List<T> sorted(List<T> values, Comparator<T> order) {
        List<T> copy = new ArrayList<>(values);
        copy.sort(order);
        return copy;
    }
}
