package io.ringflow.operator;

import io.ringflow.api.Clock;
import io.ringflow.api.IdleStrategies;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.KeySelector;
import io.ringflow.api.functions.ProcessJoinFunction;
import io.ringflow.runtime.JobConfig;
import io.ringflow.state.KeyGroups;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The interval join operator on its own, between [-2, +3] ms: joins, buffers, cleanup as the watermark passes, late records. */
class IntervalJoinOperatorTest {
    private static final int MAX_PARALLELISM = 128;
    private final List<String> emitted = new ArrayList<>();
    private IntervalJoinOperator<String, String, String, String> operator;

    static final class Pair extends ProcessJoinFunction<String, String, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processElement(String left, String right, Context ctx, Collector<String> out) {
            out.collect(left + "+" + right + " " + ctx.getLeftTimestamp() + "/" + ctx.getRightTimestamp());
        }
    }

    @BeforeEach
    void open() throws Exception {
        KeySelector<String, String> key = value -> value.substring(0, 1);
        operator = new IntervalJoinOperator<>(new Pair(), -2, 3, key, key, Codecs.STRING, Codecs.STRING, Codecs.STRING);
        JobConfig config = new JobConfig("test", MAX_PARALLELISM, 16, 128, IdleStrategies.backoff(), Clock.SYSTEM, 0,
            new io.ringflow.api.CheckpointConfig());
        operator.setup(new OperatorContext("join", "join-1", "test (1/1)", 0, 1,
            KeyGroups.rangeForSubtask(MAX_PARALLELISM, 1, 0), config, timeMs -> { }, null), new Output<>() {
                @Override
                public void collect(String record, long timestamp) {
                    emitted.add(record + " @" + timestamp);
                }

                @Override
                public void emitWatermark(long watermark) {
                }

                @Override
                public void emitIdle(boolean idle) {
                }
            });
        operator.open();
    }

    @Test
    void shouldJoinWithinTheBoundsAndForgetRecordsOnceTheWatermarkPassesThem() throws Exception {
        operator.processElement1("a1", 10);
        operator.processElement2("a2", 7);   // 10 - 3: too early for a1
        operator.processElement2("a3", 8);   // 10 - 2: the lower bound
        operator.processElement2("b1", 10);  // another key
        operator.processElement2("a4", 13);  // 10 + 3: the upper bound
        operator.processElement1("a5", 11);  // joins a4 (13 - 11 = 2)
        assertEquals(List.of("a1+a3 10/8 @10", "a1+a4 10/13 @13", "a5+a4 11/13 @13"), emitted);
        assertEquals(6, operator.bufferedRecords());

        // a right record at t waits until t + 2 (a left record up to t + 2 may still come), a left one until t + 3
        operator.processWatermark(10); // a2 (7 + 2) and a3 (8 + 2) go
        assertEquals(4, operator.bufferedRecords());
        operator.processWatermark(13); // b1 (10 + 2) and a1 (10 + 3) go
        assertEquals(2, operator.bufferedRecords());
        operator.processWatermark(15); // a5 (11 + 3 = 14) and a4 (13 + 2 = 15)
        assertEquals(0, operator.bufferedRecords());

        operator.processElement1("a6", 14); // behind the watermark: late, dropped
        assertEquals(1, operator.numLateRecordsDropped());
        assertEquals(0, operator.bufferedRecords());
        assertEquals(3, emitted.size());
    }

    @Test
    void shouldRefuseRecordsWithoutATimestamp() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> operator.processElement1("a", Long.MIN_VALUE));
        assertTrue(e.getMessage().contains("intervalJoin is event time only"), e.getMessage());
    }
}
