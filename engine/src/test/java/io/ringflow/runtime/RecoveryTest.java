package io.ringflow.runtime;

import io.ringflow.api.CheckpointingMode;
import io.ringflow.api.JobClient;
import io.ringflow.api.RestartStrategy;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.KeyedProcessFunction;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.checkpoint.BarrierMode;
import io.ringflow.connector.DiscardingSink;
import io.ringflow.connector.GeneratorSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecoveryTest {
    static final int KEYS = 50;
    static final long EVENTS = 300_000;
    static final AtomicBoolean FAILED_ONCE = new AtomicBoolean();
    static final ConcurrentHashMap<Long, Long> FINAL_SEQ = new ConcurrentHashMap<>();
    static final AtomicLong PROCESSED = new AtomicLong();
    static final AtomicLong DUPLICATES = new AtomicLong();

    /**
     * Per key the next sequence number must be exactly the last plus one: no gap, no duplicate,
     * no reordering. At least once tolerates replayed (old) numbers but never a gap.
     */
    static final class SequenceChecker extends KeyedProcessFunction<Long, Long, Long> {
        private static final long serialVersionUID = 1L;
        private final boolean duplicatesAllowed;
        private transient ValueState<Long> last;

        SequenceChecker(boolean duplicatesAllowed) {
            this.duplicatesAllowed = duplicatesAllowed;
        }

        @Override
        public void open() {
            last = getRuntimeContext().getState(new ValueStateDescriptor<>("last", Codecs.LONG));
        }

        @Override
        public void processElement(Long value, Context<Long> ctx, Collector<Long> out) {
            long seq = value / KEYS;
            Long previous = last.value();
            long expected = previous == null ? 0 : previous + 1;
            if (duplicatesAllowed && seq < expected) {
                DUPLICATES.incrementAndGet();
                return;
            }
            if (seq != expected) {
                throw new AssertionError("key " + ctx.getCurrentKey() + ": got sequence " + seq + ", expected " + expected);
            }
            last.update(seq);
            FINAL_SEQ.put(ctx.getCurrentKey(), seq);
            if (PROCESSED.incrementAndGet() == EVENTS / 2 && FAILED_ONCE.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure");
            }
            out.collect(value);
        }
    }

    @ParameterizedTest
    @EnumSource(BarrierMode.class)
    void shouldRestoreExactlyOnceAfterAFailure(BarrierMode mode, @TempDir Path dir) {
        FAILED_ONCE.set(false);
        FINAL_SEQ.clear();
        PROCESSED.set(0);
        DUPLICATES.set(0);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(64)
            .setRestartStrategy(RestartStrategy.fixedDelay(3, Duration.ZERO));
        env.enableCheckpointing(10, mode == BarrierMode.AT_LEAST_ONCE ? CheckpointingMode.AT_LEAST_ONCE : CheckpointingMode.EXACTLY_ONCE);
        env.getCheckpointConfig().storage().checkpointsDir(dir);
        if (mode == BarrierMode.UNALIGNED || mode == BarrierMode.ALIGNED_WITH_TIMEOUT) {
            env.getCheckpointConfig().enableUnalignedCheckpoints();
        }
        if (mode == BarrierMode.ALIGNED_WITH_TIMEOUT) {
            env.getCheckpointConfig().setAlignedCheckpointTimeout(Duration.ofMillis(1));
        }
        DiscardingSink<Long> sink = DiscardingSink.create();
        env.fromSource(GeneratorSource.bounded(EVENTS, seq -> seq), WatermarkStrategy.noWatermarks(), "numbers").uid("numbers")
            .keyBy(n -> n % KEYS)
            .process(new SequenceChecker(mode == BarrierMode.AT_LEAST_ONCE)).uid("checker")
            .sinkTo(sink);
        JobClient job = env.executeAsync("recovery-" + mode);
        job.await(Duration.ofSeconds(60));
        assertEquals(1, job.restarts(), "one restart after the injected failure");
        if (mode != BarrierMode.AT_LEAST_ONCE) {
            assertEquals(0, DUPLICATES.get(), "exactly once: no record seen twice");
        }
        for (long key = 0; key < KEYS; key++) {
            assertEquals(EVENTS / KEYS - 1, FINAL_SEQ.get(key), "last sequence of key " + key);
        }
        assertTrue(FAILED_ONCE.get());
    }
}
