package io.ringflow.examples.logpipeline;

import io.ringflow.api.CheckpointingMode;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.KeyedProcessFunction;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.ChronicleLogAppender;
import io.ringflow.connector.ChronicleLogReader;
import io.ringflow.connector.ChronicleLogSink;
import io.ringflow.connector.ChronicleLogSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Chronicle log → enrichment → exactly-once Chronicle log, with checkpoints to a directory.
 * <pre>
 *   DIR/input ─► map (sector, notional) ═keyBy(symbol)═► process (per-symbol sequence) ─► DIR/output (exactly-once)
 * </pre>
 * Usage: {@code LogPipelineExample [DIR] [orders]} (defaults: a new temporary directory, 100000).
 * Writes the orders to {@code DIR/input}, runs the job (checkpoints in {@code DIR/checkpoints}),
 * reads {@code DIR/output} read-committed and prints {@code committed: N of M orders}.
 */
public final class LogPipelineExample {
    static final String[] SYMBOLS = {"AAPL", "MSFT", "NVDA", "AMZN", "XOM", "JPM"};
    static final Map<String, String> SECTORS = Map.of("AAPL", "tech", "MSFT", "tech", "NVDA", "tech",
        "AMZN", "retail", "XOM", "energy", "JPM", "finance");

    /** An input record. */
    public record Order(long id, String symbol, long quantity, long priceCents) {
        /** The order of an id: deterministic, so the output can be checked. */
        public static Order generate(long id) {
            return new Order(id, SYMBOLS[(int) (id % SYMBOLS.length)], 1 + id % 97, 1_000 + (id * 7919) % 50_000);
        }
    }

    /** An output record: the order with its sector, notional and its number among its symbol's orders (1, 2, ...). */
    public record EnrichedOrder(long id, String symbol, String sector, long notionalCents, long symbolSequence) {
    }

    /** Numbers each symbol's orders 1, 2, 3, ... in keyed state (checkpointed, so exact across restarts). */
    static final class SymbolSequence extends KeyedProcessFunction<String, EnrichedOrder, EnrichedOrder> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<Long> count;

        @Override
        public void open() {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Codecs.LONG));
        }

        @Override
        public void processElement(EnrichedOrder order, Context ctx, Collector<EnrichedOrder> out) {
            Long previous = count.value();
            long next = (previous == null ? 0 : previous) + 1;
            count.update(next);
            out.collect(new EnrichedOrder(order.id(), order.symbol(), order.sector(), order.notionalCents(), next));
        }
    }

    private LogPipelineExample() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("ringflow-log-pipeline");
        long orders = args.length > 1 ? Long.parseLong(args[1]) : 100_000;
        List<EnrichedOrder> committed = run(dir, orders);
        System.out.println("committed: " + committed.size() + " of " + orders + " orders in " + dir.resolve("output"));
    }

    /** Writes {@code orders} orders to {@code dir/input}, runs the pipeline and returns the committed output. */
    public static List<EnrichedOrder> run(Path dir, long orders) {
        Codec<Order> orderCodec = Codecs.forClass(Order.class);
        Codec<EnrichedOrder> enrichedCodec = Codecs.forClass(EnrichedOrder.class);
        Path input = dir.resolve("input");
        Path output = dir.resolve("output");
        try (ChronicleLogAppender<Order> writer = ChronicleLogSource.writer(input, orderCodec)) {
            for (long id = 0; id < orders; id++) {
                writer.append(Order.generate(id));
            }
        }

        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.enableCheckpointing(100, CheckpointingMode.EXACTLY_ONCE);
        env.getCheckpointConfig().storage().checkpointsDir(dir.resolve("checkpoints"));
        env.fromSource(ChronicleLogSource.bounded(input, orderCodec), WatermarkStrategy.noWatermarks(), "orders")
            .uid("orders")
            .map(order -> new EnrichedOrder(order.id(), order.symbol(), SECTORS.getOrDefault(order.symbol(), "other"),
                order.quantity() * order.priceCents(), 0))
            .returns(enrichedCodec).name("enrich").uid("enrich")
            .keyBy(EnrichedOrder::symbol)
            .process(new SymbolSequence()).returns(enrichedCodec).name("sequence per symbol").uid("sequence")
            .sinkTo(ChronicleLogSink.exactlyOnce(output, enrichedCodec)).name("output log").uid("output");
        env.execute("log-pipeline-example"); // the source is bounded: returns once everything is committed
        return ChronicleLogReader.readCommitted(output, enrichedCodec);
    }
}
