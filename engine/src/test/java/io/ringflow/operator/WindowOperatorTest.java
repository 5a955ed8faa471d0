package io.ringflow.operator;

import io.ringflow.api.Clock;
import io.ringflow.api.IdleStrategies;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.AggregateFunction;
import io.ringflow.api.functions.KeySelector;
import io.ringflow.api.functions.WindowFunction;
import io.ringflow.api.window.TimeWindow;
import io.ringflow.api.window.TumblingEventTimeWindows;
import io.ringflow.runtime.JobConfig;
import io.ringflow.state.KeyGroups;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The window operator on its own, driven record by record and watermark by watermark, with its state in view. */
class WindowOperatorTest {
    private static final int MAX_PARALLELISM = 128;
    private static final long SIZE_MS = 100;
    private static final long LATENESS_MS = 50;

    private final List<String> emitted = new ArrayList<>();
    private WindowOperator<String, String, Long, Long, String, TimeWindow> operator;

    /** Counts a window's records. */
    static final class Count implements AggregateFunction<String, Long, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public Long createAccumulator() {
            return 0L;
        }

        @Override
        public Long add(String value, Long accumulator) {
            return accumulator + 1;
        }

        @Override
        public Long getResult(Long accumulator) {
            return accumulator;
        }

        @Override
        public Long merge(Long a, Long b) {
            return a + b;
        }
    }

    @BeforeEach
    void open() throws Exception {
        KeySelector<String, String> key = value -> value;
        TumblingEventTimeWindows assigner = TumblingEventTimeWindows.of(Duration.ofMillis(SIZE_MS));
        WindowFunction<Long, String, String> describe =
            (k, window, results, out) -> out.collect(k + " " + window.start() + " " + results.iterator().next());
        operator = new WindowOperator<>(key, Codecs.STRING, assigner, assigner.getDefaultTrigger(), LATENESS_MS,
            new AggregatingContents<>(new Count()), Codecs.LONG, InternalWindowFunction.of(describe, false));
        JobConfig config = new JobConfig("test", MAX_PARALLELISM, 16, 128, IdleStrategies.backoff(), Clock.SYSTEM, 0,
            new io.ringflow.api.CheckpointConfig());
        OperatorContext context = new OperatorContext("window", "window-1", "test (1/1)", 0, 1,
            KeyGroups.rangeForSubtask(MAX_PARALLELISM, 1, 0), config, timeMs -> { }, null);
        operator.setup(context, new Output<>() {
            @Override
            public void collect(String record, long timestamp) {
                emitted.add(record + " @" + timestamp);
            }

            @Override
            public void emitWatermark(long watermark) {
                emitted.add("wm " + watermark);
            }

            @Override
            public void emitIdle(boolean idle) {
            }
        });
        operator.open();
    }

    private int windowKeys() {
        return operator.keyedState.numKeys("window-contents");
    }

    @Test
    void shouldFireAtTheWindowEndAndForgetTheWindowAfterItsLateness() throws Exception {
        operator.processElement("a", 10);
        operator.processElement("a", 20);
        assertEquals(2, operator.timers.numEventTimeTimers(), "a firing and a cleanup timer");
        operator.processWatermark(99);
        operator.processElement("a", 30);
        operator.processWatermark(149);
        operator.processElement("a", 40);

        assertEquals(List.of("a 0 2 @99", "wm 99", "a 0 3 @99", "wm 149"), emitted);
        assertEquals(0, windowKeys(), "state of [0,100) is gone after 99 + 50");
        assertEquals(1, operator.numLateRecordsDropped());
        assertEquals(0, operator.timers.numEventTimeTimers());
    }

    @Test
    void shouldForgetAWindowWhoseFirstRecordOfAKeyCameLate() throws Exception {
        operator.processElement("a", 10);
        operator.processWatermark(104);
        operator.processElement("b", 30); // b's first record for [0,100): late, within the lateness: fires at once
        operator.processWatermark(200);

        assertEquals(List.of("a 0 1 @99", "wm 104", "b 0 1 @99", "wm 200"), emitted);
        assertEquals(0, windowKeys(), "no key keeps state for [0,100) once the watermark passed 99 + 50");
        assertEquals(0, operator.timers.numEventTimeTimers());
    }
}
