package io.ringflow.examples.join;

import io.ringflow.api.CheckpointingMode;
import io.ringflow.api.DataStream;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.KeyedCoProcessFunction;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.CollectSink;
import io.ringflow.connector.GeneratorSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Two inputs joined by key: orders and payments, connected and keyed by order id. A keyed
 * co-process function keeps whichever side came first in state and emits the order as PAID when
 * the other arrives; an event-time timer emits it as UNPAID when no payment came within the
 * deadline.
 * <pre>
 *   orders   ═keyBy(id)═╗
 *                       ╠═► process (KeyedCoProcessFunction: state + timers) ─► results
 *   payments ═keyBy(id)═╝
 * </pre>
 * Usage: {@code JoinExample [orders]} (default 100000). Every tenth order is never paid.
 */
public final class JoinExample {
    /** How long an order waits for its payment, in event time. */
    static final long DEADLINE_MS = 5_000;

    public record Order(long id, long timeMs, long amountCents) {
        static Order generate(long id) {
            return new Order(id, id, 100 + id % 900);
        }
    }

    public record Payment(long orderId, long timeMs, long amountCents) {
        /** Payment {@code n}: for every order but each tenth, up to 2 s after it (so out of order with the orders). */
        static Payment generate(long n) {
            long orderId = n / 9 * 10 + n % 9;
            return new Payment(orderId, orderId + (orderId * 7919) % 2_000, Order.generate(orderId).amountCents());
        }
    }

    public enum Status { PAID, UNPAID }

    public record Result(long orderId, Status status, long amountCents) {
    }

    /** Joins an order with its payment, whichever comes first; an order without one by its deadline is UNPAID. */
    static final class PaymentMatcher extends KeyedCoProcessFunction<Long, Order, Payment, Result> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<Order> order;
        private transient ValueState<Payment> payment;

        @Override
        public void open() {
            order = getRuntimeContext().getState(new ValueStateDescriptor<>("order", Codecs.forClass(Order.class)));
            payment = getRuntimeContext().getState(new ValueStateDescriptor<>("payment", Codecs.forClass(Payment.class)));
        }

        @Override
        public void processElement1(Order value, Context ctx, Collector<Result> out) {
            if (payment.value() != null) {
                out.collect(new Result(value.id(), Status.PAID, value.amountCents()));
                payment.clear();
                return;
            }
            order.update(value);
            ctx.timerService().registerEventTimeTimer(value.timeMs() + DEADLINE_MS);
        }

        @Override
        public void processElement2(Payment value, Context ctx, Collector<Result> out) {
            Order pending = order.value();
            if (pending != null) {
                out.collect(new Result(pending.id(), Status.PAID, pending.amountCents()));
                order.clear();
                return;
            }
            payment.update(value);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<Result> out) {
            Order pending = order.value();
            if (pending != null) {
                out.collect(new Result(pending.id(), Status.UNPAID, pending.amountCents()));
                order.clear();
            }
        }
    }

    private JoinExample() {
    }

    public static void main(String[] args) throws Exception {
        long orders = args.length > 0 ? Long.parseLong(args[0]) : 100_000;
        List<Result> results = run(orders, Files.createTempDirectory("ringflow-join"));
        long paid = results.stream().filter(r -> r.status() == Status.PAID).count();
        System.out.println("orders: " + orders + ", paid: " + paid + ", unpaid: " + (results.size() - paid));
    }

    /** Runs the join over {@code orders} orders, checkpointing into {@code dir}; returns every result. */
    public static List<Result> run(long orders, Path dir) {
        Codec<Order> orderCodec = Codecs.forClass(Order.class);
        Codec<Payment> paymentCodec = Codecs.forClass(Payment.class);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.enableCheckpointing(100, CheckpointingMode.EXACTLY_ONCE);
        env.getCheckpointConfig().storage().checkpointsDir(dir.resolve("checkpoints"));
        DataStream<Order> orderStream = env.fromSource(GeneratorSource.bounded(orders, Order::generate).withCodec(orderCodec),
            WatermarkStrategy.<Order>forBoundedOutOfOrderness(Duration.ZERO).withTimestampAssigner((o, ts) -> o.timeMs()),
            "orders").uid("orders");
        long payments = orders / 10 * 9 + Math.min(orders % 10, 9);
        DataStream<Payment> paymentStream = env.fromSource(
            GeneratorSource.bounded(payments, Payment::generate).withCodec(paymentCodec),
            WatermarkStrategy.<Payment>forBoundedOutOfOrderness(Duration.ofSeconds(2))
                .withTimestampAssigner((p, ts) -> p.timeMs()),
            "payments").uid("payments");
        CollectSink<Result> results = new CollectSink<>();
        orderStream.connect(paymentStream)
            .keyBy(Order::id, Payment::orderId)
            .process(new PaymentMatcher()).returns(Codecs.forClass(Result.class)).name("match payments").uid("match")
            .sinkTo(results).name("results").uid("results");
        env.execute("join-example");
        return results.getResults();
    }
}
