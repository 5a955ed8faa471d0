package io.ringflow.runtime;

import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.api.RestartStrategy;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.connector.InputStatus;
import io.ringflow.api.connector.ReaderOutput;
import io.ringflow.api.connector.SourceReader;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.KeyedProcessFunction;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.DiscardingSink;
import io.ringflow.testing.Jobs;
import io.ringflow.testing.SubtaskSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A source whose input ended belongs, with its end position, to every checkpoint after it
 * ended, also while it closes: two bounded splits, one reader taking 1 s to close, a keyed
 * check whose close() throws once after the end of input. The final checkpoint triggered while
 * the slow reader closes must carry its end position; the restore after the failure in close()
 * must not read that split again into state that already holds it.
 */
class FinishedSourcePositionTest {
    private static final long PER_SPLIT = 50_000;
    private static final int KEYS = 16;
    private static final AtomicLong VIOLATIONS = new AtomicLong();
    private static final AtomicLong CHECKED = new AtomicLong();
    private static final AtomicBoolean CLOSE_FAILED = new AtomicBoolean();

    @BeforeEach
    void reset() {
        VIOLATIONS.set(0);
        CHECKED.set(0);
        CLOSE_FAILED.set(false);
    }

    /** Split {@code i} emits i, i + 2, ... below 2 × PER_SPLIT; its position is the next value. */
    static final class Split implements SourceReader<Long> {
        private final int index;
        private long next;

        Split(int index) {
            this.index = index;
            this.next = index;
        }

        @Override
        public InputStatus pollNext(ReaderOutput<Long> output) {
            if (next >= 2 * PER_SPLIT) {
                return InputStatus.END_OF_INPUT;
            }
            output.collect(next);
            next += 2;
            return InputStatus.MORE_AVAILABLE;
        }

        @Override
        public byte[] snapshotPosition(long checkpointId) {
            return ByteBuffer.allocate(8).putLong(next).array();
        }

        @Override
        public void restorePosition(byte[] position) {
            next = ByteBuffer.wrap(position).getLong();
        }

        @Override
        public void close() throws InterruptedException {
            if (index == 1) {
                Thread.sleep(1_000);
            }
        }
    }

    /** Each key's values arrive as k, k + 16, k + 32, ...: anything else is a loss, a duplicate or a reordering. */
    static final class SequenceCheck extends KeyedProcessFunction<Long, Long, Long> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<Long> last;

        @Override
        public void open() {
            last = getRuntimeContext().getState(new ValueStateDescriptor<>("last", Codecs.LONG));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) throws Exception {
            Long previous = last.value();
            long expected = previous == null ? value % KEYS : previous + KEYS;
            if (value != expected) {
                VIOLATIONS.incrementAndGet();
            }
            last.update(value);
            CHECKED.incrementAndGet();
            long until = System.nanoTime() + 5_000; // slower than the sources: their input ends a checkpoint or more before this task's
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        }

        @Override
        public void close() {
            if (CHECKED.get() >= 2 * PER_SPLIT && CLOSE_FAILED.compareAndSet(false, true)) { // all input was seen
                throw new IllegalStateException("injected failure in close() after the end of input");
            }
        }
    }

    @RepeatedTest(5)
    void shouldNotReadAFinishedSplitAgainAfterAFailureFollowingTheFinalCheckpoint() {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2)
            .setRestartStrategy(RestartStrategy.fixedDelay(2, Duration.ZERO));
        env.enableCheckpointing(20);
        env.fromSource(new SubtaskSource(Split::new), WatermarkStrategy.noWatermarks(), "splits").uid("splits")
            .keyBy(value -> value % KEYS)
            .process(new SequenceCheck()).returns(Codecs.LONG).uid("check")
            .sinkTo(DiscardingSink.create());
        JobClient job = env.executeAsync("finished-source-position");
        try {
            assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(job);
        }
        assertEquals(true, CLOSE_FAILED.get(), "the failure after the end of input happened");
        assertEquals(0, VIOLATIONS.get(), "values lost, read twice or out of order; " + CHECKED.get() + " checked");
    }
}
