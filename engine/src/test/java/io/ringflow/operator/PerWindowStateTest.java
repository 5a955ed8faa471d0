package io.ringflow.operator;

import io.ringflow.api.Clock;
import io.ringflow.api.IdleStrategies;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.KeySelector;
import io.ringflow.api.functions.ProcessWindowFunction;
import io.ringflow.api.state.ListState;
import io.ringflow.api.state.ListStateDescriptor;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.api.window.EventTimeSessionWindows;
import io.ringflow.api.window.PurgingTrigger;
import io.ringflow.api.window.TimeWindow;
import io.ringflow.api.window.Trigger;
import io.ringflow.api.window.TumblingEventTimeWindows;
import io.ringflow.api.window.WindowAssigner;
import io.ringflow.runtime.JobConfig;
import io.ringflow.state.KeyGroups;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ProcessWindowFunction.Context#windowState()} and {@code globalState()} as Flink's: state of
 * the key and window that outlives a purge and is cleared by the function's {@code clear} at the
 * window's cleanup, and state of the key across windows.
 */
class PerWindowStateTest {
    private static final int MAX_PARALLELISM = 128;
    private static final long SIZE_MS = 100;
    private static final long LATENESS_MS = 50;

    private final List<String> emitted = new ArrayList<>();
    private final List<String> cleared = new ArrayList<>();

    /** Emits each firing as "key window-start count firing-of-this-window firings-of-the-key". */
    private final class Firings extends ProcessWindowFunction<Long, String, String, TimeWindow> {
        @Override
        public void process(String key, Context context, Iterable<Long> counts, Collector<String> out) {
            ValueState<Long> firings = context.windowState().getState(new ValueStateDescriptor<>("firings", Codecs.LONG, 0L));
            ListState<Long> seen = context.windowState().getListState(new ListStateDescriptor<>("seen", Codecs.LONG));
            ValueState<Long> total = context.globalState().getState(new ValueStateDescriptor<>("total", Codecs.LONG, 0L));
            long count = counts.iterator().next();
            firings.update(firings.value() + 1);
            seen.add(count);
            total.update(total.value() + 1);
            out.collect(key + " " + context.window().start() + " " + count + " " + firings.value() + " " + total.value()
                + " " + seen.get());
        }

        @Override
        public void clear(Context context) {
            cleared.add(context.window().start() + "");
            context.windowState().getState(new ValueStateDescriptor<>("firings", Codecs.LONG, 0L)).clear();
            context.windowState().getListState(new ListStateDescriptor<>("seen", Codecs.LONG)).clear();
        }
    }

    private WindowOperator<String, String, Long, Long, String, TimeWindow> open(WindowAssigner<TimeWindow> assigner,
                                                                               Trigger<?, ?> trigger) throws Exception {
        KeySelector<String, String> key = value -> value;
        WindowOperator<String, String, Long, Long, String, TimeWindow> operator = new WindowOperator<>(key, Codecs.STRING,
            assigner, trigger, LATENESS_MS, new AggregatingContents<>(new WindowOperatorTest.Count()), Codecs.LONG,
            InternalWindowFunction.of(new Firings(), false));
        JobConfig config = new JobConfig("test", MAX_PARALLELISM, 16, 128, IdleStrategies.backoff(), Clock.SYSTEM, 0,
            new io.ringflow.api.CheckpointConfig());
        OperatorContext context = new OperatorContext("window", "window-1", "test (1/1)", 0, 1,
            KeyGroups.rangeForSubtask(MAX_PARALLELISM, 1, 0), config, timeMs -> { }, null);
        operator.setup(context, new Output<>() {
            @Override
            public void collect(String record, long timestamp) {
                emitted.add(record);
            }

            @Override
            public void emitWatermark(long watermark) {
            }

            @Override
            public void emitIdle(boolean idle) {
            }
        });
        operator.open();
        return operator;
    }

    private static int keysWithWindowState(WindowOperator<?, ?, ?, ?, ?, ?> operator) {
        return operator.keyedState.numKeys(PerWindowState.PREFIX + "firings");
    }

    @Test
    void shouldKeepStatePerWindowAcrossLateFiringsAndPerKeyAcrossWindows() throws Exception {
        TumblingEventTimeWindows assigner = TumblingEventTimeWindows.of(Duration.ofMillis(SIZE_MS));
        var operator = open(assigner, assigner.getDefaultTrigger());
        operator.processElement("a", 10);
        operator.processElement("a", 20);
        operator.processElement("a", 120);
        operator.processWatermark(99);
        operator.processElement("a", 30); // late, within the lateness: the window fires again
        operator.processWatermark(149);   // [0,100) cleaned up
        operator.processWatermark(199);

        assertEquals(List.of("a 0 2 1 1 [2]", "a 0 3 2 2 [2, 3]", "a 100 1 1 3 [1]"), emitted);
        assertEquals(List.of("0"), cleared, "[100,200) is cleaned up at 249 only");
        assertEquals(1, keysWithWindowState(operator), "only [100,200) holds per-window state now");
        operator.processWatermark(249);
        assertEquals(List.of("0", "100"), cleared);
        assertEquals(0, keysWithWindowState(operator), "clear removed it");
    }

    @Test
    void shouldKeepPerWindowStateAfterAPurgeUntilTheWindowsCleanup() throws Exception {
        TumblingEventTimeWindows assigner = TumblingEventTimeWindows.of(Duration.ofMillis(SIZE_MS));
        var operator = open(assigner, PurgingTrigger.of(assigner.getDefaultTrigger()));
        operator.processElement("a", 10);
        operator.processWatermark(99);   // fires and purges the contents
        operator.processElement("a", 40); // late: a new content, fires at once and purges
        assertEquals(List.of("a 0 1 1 1 [1]", "a 0 1 2 2 [1, 1]"), emitted, "the firing count outlived the purge");
        assertEquals(1, keysWithWindowState(operator));
        operator.processWatermark(149);
        assertEquals(List.of("0"), cleared, "cleared at cleanup though no contents were left");
        assertEquals(0, keysWithWindowState(operator));
    }

    @Test
    void shouldRefusePerWindowStateWithMergingWindowsAsFlinkDoes() throws Exception {
        EventTimeSessionWindows assigner = EventTimeSessionWindows.withGap(Duration.ofMillis(SIZE_MS));
        var operator = open(assigner, assigner.getDefaultTrigger());
        operator.processElement("a", 10);
        Exception e = assertThrows(Exception.class, () -> operator.processWatermark(1_000));
        Throwable cause = e;
        while (!(cause instanceof UnsupportedOperationException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        assertTrue(cause instanceof UnsupportedOperationException && cause.getMessage().contains("merging"), e.toString());
    }
}
