package io.ringflow.runtime;

import io.ringflow.api.CheckpointConfig;
import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.DataStream;
import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.KeyedProcessFunction;
import io.ringflow.api.functions.MapFunction;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.ChronicleLogReader;
import io.ringflow.connector.ChronicleLogSink;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.testing.Eventually;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A restore at another parallelism can chain an operator that had a ring before it: an edge with no
 * partitioning given is a rebalance between different parallelisms and forward (chained) between
 * equal ones. The records an unaligned checkpoint holds for that ring must go into the operator
 * that is now chained, before anything else reaches it: behind a keyed operator (3 -> 2) and
 * behind a source (map 3 -> 2).
 */
class ChainChangingRescaleTest {
    static final long EVENTS = 60_000;
    static final int KEYS = 64;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "behind a {0}")
    @ValueSource(strings = {"keyed operator", "source"})
    void shouldReplayTheRingsRecordsIntoTheOperatorThatIsNowChained(String behind) throws Exception {
        boolean keyed = behind.startsWith("keyed");
        JobClient first = job(keyed, 3).executeAsync("chain-changing");
        try {
            Eventually.await("three checkpoints holding in-flight records", () -> first.checkpointStats().stream()
                .filter(s -> s.status() == CheckpointStatus.COMPLETED && s.persistedInFlightBytes() > 0).count() >= 3
                || first.status() != JobStatus.RUNNING, first::checkpointStats);
            assertEquals(JobStatus.RUNNING, first.status(), () -> "still running: " + first.failureCause());
        } finally {
            first.cancel().get(30, TimeUnit.SECONDS);
        }

        JobClient second = job(keyed, 2).setRestore("latest").executeAsync("chain-changing");
        try {
            assertEquals(JobStatus.FINISHED, second.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(second);
        }
        assertTrue(second.replayedInFlightRecords() > 0, "the restore replayed in-flight records");
        assertEquals(LongStream.range(0, EVENTS).boxed().toList(),
            ChronicleLogReader.readCommitted(dir.resolve("log"), Codecs.LONG).stream().sorted().toList(),
            "every record committed exactly once");
    }

    /** {@code parallelism}: of the keyed operator, or of the map behind the source; 2 chains it. */
    private StreamEnvironment job(boolean keyed, int parallelism) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(64).enableCheckpointing(10);
        CheckpointConfig config = env.getCheckpointConfig();
        config.enableUnalignedCheckpoints();
        config.setExternalizedCheckpointCleanup(CheckpointConfig.ExternalizedCheckpointCleanup.RETAIN_ON_CANCELLATION);
        config.storage().checkpointsDir(dir.resolve("checkpoints"));
        DataStream<Long> numbers = env.fromSource(GeneratorSource.bounded(EVENTS, n -> n), WatermarkStrategy.noWatermarks(),
            "numbers").uid("numbers");
        DataStream<Long> counted = keyed
            ? numbers.keyBy(n -> n % KEYS).process(new CountPerKey()).uid("count").setParallelism(parallelism)
            : numbers;
        DataStream<Long> slow = counted.map(new Slow()).uid("slow");
        if (!keyed) {
            slow = slow.setParallelism(parallelism);
        }
        slow.sinkTo(ChronicleLogSink.exactlyOnce(dir.resolve("log"), Codecs.LONG)).uid("log");
        return env;
    }

    /** Passes each number on, counting per key: keyed state that the restore redistributes. */
    static final class CountPerKey extends KeyedProcessFunction<Long, Long, Long> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<Long> count;

        @Override
        public void open() {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Codecs.LONG));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) throws Exception {
            Long seen = count.value();
            count.update(seen == null ? 1 : seen + 1);
            out.collect(value);
        }
    }

    /** Busy for 10 µs a record: the rings before it fill, so checkpoints hold records in flight on them. */
    static final class Slow implements MapFunction<Long, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public Long map(Long value) {
            spin();
            return value;
        }

        static void spin() {
            long until = System.nanoTime() + 10_000;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        }
    }
}
