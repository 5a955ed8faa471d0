package io.ringflow.api;

import io.ringflow.connector.CollectSink;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BinaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code sum / min / max / minBy / maxBy} by record component, end to end against the same
 * rolling aggregation in plain Java with Flink's rules: sum, min and max keep the key's first
 * record and replace the component; minBy and maxBy emit the record holding the extreme, the
 * earliest on ties. One source subtask keeps each key's records in order.
 */
class KeyedAggregationsTest {
    /** A fill of an order; few distinct prices, so that ties happen. */
    record Fill(String symbol, long quantity, int price, double fee, int seq) {
    }

    private static List<Fill> fills() {
        Random random = new Random(7);
        List<Fill> fills = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            fills.add(new Fill("S" + random.nextInt(9), 1 + random.nextInt(100), 90 + random.nextInt(20),
                random.nextInt(8) * 0.25, i));
        }
        return fills;
    }

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 4})
    void shouldAggregateEachComponentAsFlinkDoes(int parallelism) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(parallelism).setRingSize(16);
        List<Fill> fills = fills();
        KeyedStream<Fill, String> bySymbol = env.fromCollection(fills).keyBy(Fill::symbol);
        Map<String, CollectSink<Fill>> sinks = new LinkedHashMap<>();
        for (String name : List.of("sum", "sumFee", "min", "max", "minBy", "maxBy")) {
            sinks.put(name, new CollectSink<>());
        }
        bySymbol.sum("quantity").sinkTo(sinks.get("sum"));
        bySymbol.sum(3).sinkTo(sinks.get("sumFee"));
        bySymbol.min("price").sinkTo(sinks.get("min"));
        bySymbol.max("price").sinkTo(sinks.get("max"));
        bySymbol.minBy("price").sinkTo(sinks.get("minBy"));
        bySymbol.maxBy(2).sinkTo(sinks.get("maxBy"));

        assertEquals(JobStatus.FINISHED, Jobs.run(env, "aggregations-p" + parallelism).status());

        assertRolling(fills, sinks.get("sum"), (a, b) -> new Fill(a.symbol(), a.quantity() + b.quantity(), a.price(), a.fee(), a.seq()));
        assertRolling(fills, sinks.get("sumFee"), (a, b) -> new Fill(a.symbol(), a.quantity(), a.price(), a.fee() + b.fee(), a.seq()));
        assertRolling(fills, sinks.get("min"), (a, b) -> new Fill(a.symbol(), a.quantity(), Math.min(a.price(), b.price()), a.fee(), a.seq()));
        assertRolling(fills, sinks.get("max"), (a, b) -> new Fill(a.symbol(), a.quantity(), Math.max(a.price(), b.price()), a.fee(), a.seq()));
        assertRolling(fills, sinks.get("minBy"), (a, b) -> b.price() < a.price() ? b : a);
        assertRolling(fills, sinks.get("maxBy"), (a, b) -> b.price() > a.price() ? b : a);
    }

    /** Per key, what the sink received is the plain-Java rolling reduction, record after record. */
    private static void assertRolling(List<Fill> input, CollectSink<Fill> sink, BinaryOperator<Fill> reduce) {
        Map<String, List<Fill>> expected = new LinkedHashMap<>();
        Map<String, Fill> current = new LinkedHashMap<>();
        for (Fill fill : input) {
            Fill next = current.merge(fill.symbol(), fill, reduce);
            expected.computeIfAbsent(fill.symbol(), s -> new ArrayList<>()).add(next);
        }
        Map<String, List<Fill>> received = new LinkedHashMap<>();
        for (Fill fill : sink.getResults()) {
            received.computeIfAbsent(fill.symbol(), s -> new ArrayList<>()).add(fill);
        }
        assertEquals(expected.keySet(), received.keySet());
        expected.forEach((symbol, fills) -> assertEquals(fills, received.get(symbol), "rolling values of " + symbol));
    }

    @Test
    void shouldNameTheComponentsWhenOneIsMissingOrOfTheWrongType() {
        KeyedStream<Fill, String> bySymbol = StreamEnvironment.create().fromCollection(fills()).keyBy(Fill::symbol);
        InvalidJobException missing = assertThrows(InvalidJobException.class, () -> bySymbol.sum("qty"));
        assertTrue(missing.getMessage().contains("(symbol, quantity, price, fee, seq)"), missing.getMessage());
        InvalidJobException text = assertThrows(InvalidJobException.class, () -> bySymbol.sum("symbol"));
        assertTrue(text.getMessage().contains("not a number"), text.getMessage());
        assertThrows(InvalidJobException.class, () -> bySymbol.max(5));
        InvalidJobException notRecord = assertThrows(InvalidJobException.class,
            () -> StreamEnvironment.create().fromElements(1L, 2L).keyBy(n -> n).sum("value"));
        assertTrue(notRecord.getMessage().contains("use reduce"), notRecord.getMessage());
    }
}
