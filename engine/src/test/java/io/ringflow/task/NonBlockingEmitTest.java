package io.ringflow.task;

import io.ringflow.api.JobClient;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.connector.Sink;
import io.ringflow.api.connector.SinkContext;
import io.ringflow.api.connector.SinkWriter;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.FlatMapFunction;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.runtime.LocalJob;
import io.ringflow.testing.Eventually;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A flatMap emitting 100 records per input into a ring of 16 whose consumer has stopped: the
 * task finishes the record into its overdraft, takes no new input while it waits, and keeps
 * serving its mailbox, so a checkpoint trigger is taken at once, not when the consumer frees room.
 */
@Timeout(60)
class NonBlockingEmitTest {
    private static final int FAN_OUT = 100;
    private static final AtomicLong INPUTS = new AtomicLong();
    private static final AtomicLong WRITE_ATTEMPTS = new AtomicLong();
    private static final Semaphore PERMITS = new Semaphore(0);

    @BeforeEach
    void reset() {
        INPUTS.set(0);
        WRITE_ATTEMPTS.set(0);
        PERMITS.drainPermits();
    }

    static final class FanOut implements FlatMapFunction<Long, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public void flatMap(Long value, Collector<Long> out) {
            INPUTS.incrementAndGet();
            for (int i = 0; i < FAN_OUT; i++) {
                out.collect(value * FAN_OUT + i);
            }
        }
    }

    /** Writes only while the test hands out permits. */
    static final class GatedSink implements Sink<Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public SinkWriter<Long> createWriter(SinkContext context) {
            return (element, timestamp) -> {
                WRITE_ATTEMPTS.incrementAndGet();
                PERMITS.acquire();
            };
        }
    }

    @Test
    void shouldTakeACheckpointTriggerWhileAnEmitWaitsForAFullRing() {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1).setRingSize(16);
        env.enableCheckpointing(20);
        env.getCheckpointConfig().enableUnalignedCheckpoints();
        env.fromSource(GeneratorSource.unbounded(seq -> seq), WatermarkStrategy.noWatermarks(), "numbers")
            .flatMap(new FanOut()).returns(Codecs.LONG)
            .rebalance()
            .sinkTo(new GatedSink());
        JobClient job = env.executeAsync("fan-out-into-a-stopped-sink");
        try {
            Eventually.await("the sink is stopped at its first record", () -> WRITE_ATTEMPTS.get() > 0);
            Task source = ((LocalJob) job).tasks().stream().filter(Task::isSource).findFirst().orElseThrow();
            Eventually.await("the source task took a checkpoint though its output ring is full",
                () -> source.lastSubmittedCheckpointId() >= 1, job::diagnostics);
            assertTrue(INPUTS.get() <= 2, "no new input while an overdraft waits: " + INPUTS.get() + " inputs");
            PERMITS.release(Integer.MAX_VALUE / 2);
            Eventually.await("checkpoints complete once the sink writes",
                () -> job.checkpointStats().stream().anyMatch(s -> s.status() == io.ringflow.api.CheckpointStatus.COMPLETED),
                job::diagnostics);
        } finally {
            PERMITS.release(Integer.MAX_VALUE / 2);
            Jobs.stop(job);
        }
    }
}
