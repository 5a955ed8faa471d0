package io.ringflow.runtime;

import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.api.RestartStrategy;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.KeyedProcessFunction;
import io.ringflow.api.functions.MapFunction;
import io.ringflow.api.state.CheckpointedFunction;
import io.ringflow.api.state.FunctionInitializationContext;
import io.ringflow.api.state.FunctionSnapshotContext;
import io.ringflow.api.state.ListState;
import io.ringflow.api.state.ListStateDescriptor;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.barrier.BarrierMode;
import io.ringflow.connector.DiscardingSink;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.testing.Eventually;
import io.ringflow.testing.Jobs;
import io.ringflow.api.functions.Collector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A job restored from a savepoint with a state of the same name but another type fails at once,
 * naming the operator, the state, both types and the fix, instead of decoding the old bytes as
 * the new type; with the same types it continues from the saved values.
 */
class StateTypeRestoreTest {
    static final long EVENTS = 200_000;
    static final long KEYS = 16;
    static final String JOB = "state-types";
    /** Per key, the {count, sum} the restored job read first. */
    static final Map<Long, long[]> FIRST_READ = new ConcurrentHashMap<>();
    static final AtomicLong RESTORED_TALLIES = new AtomicLong();
    static final AtomicLong PROCESSED = new AtomicLong();

    @TempDir
    Path dir;

    /**
     * The types a test may give a state, each holding {count, sum} as a user would, so that a
     * restore without checks reads garbage (double[]) or fails in user code (String). By name:
     * functions are copied, codecs need not be serializable.
     */
    enum StateCodec {
        LONG_ARRAY(Codecs.LONG_ARRAY), DOUBLE_ARRAY(Codecs.DOUBLE_ARRAY), STRING(Codecs.STRING);

        final Codec<?> codec;

        StateCodec(Codec<?> codec) {
            this.codec = codec;
        }

        @SuppressWarnings("unchecked")
        <T> Codec<T> codec() {
            return (Codec<T>) codec;
        }

        Object of(long[] values) {
            return switch (this) {
                case LONG_ARRAY -> values;
                case DOUBLE_ARRAY -> new double[] {values[0], values[1]};
                case STRING -> values[0] + "," + values[1];
            };
        }

        long[] values(Object stored) {
            return switch (this) {
                case LONG_ARRAY -> ((long[]) stored).clone();
                case DOUBLE_ARRAY -> new long[] {(long) ((double[]) stored)[0], (long) ((double[]) stored)[1]};
                case STRING -> java.util.Arrays.stream(((String) stored).split(",")).mapToLong(Long::parseLong).toArray();
            };
        }
    }

    @BeforeEach
    void reset() {
        FIRST_READ.clear();
        RESTORED_TALLIES.set(0);
        PROCESSED.set(0);
    }

    @Test
    void shouldRefuseKeyedLongArrayStateRestoredAsDoubleArray() throws Exception {
        JobClient job = restore(savepoint(), StateCodec.DOUBLE_ARRAY, StateCodec.LONG_ARRAY);
        assertFailedNaming(job, "keyed state 'sums'", "'sums-op'", "long[]", "double[]");
        assertTrue(FIRST_READ.isEmpty(), "no record was processed with garbage state");
    }

    @Test
    void shouldRefuseKeyedLongArrayStateRestoredAsString() throws Exception {
        JobClient job = restore(savepoint(), StateCodec.STRING, StateCodec.LONG_ARRAY);
        assertFailedNaming(job, "keyed state 'sums'", "'sums-op'", "long[]", "java.lang.String");
    }

    @Test
    void shouldRefuseOperatorListStateRestoredAsAnotherType() throws Exception {
        JobClient job = restore(savepoint(), StateCodec.LONG_ARRAY, StateCodec.DOUBLE_ARRAY);
        assertFailedNaming(job, "operator state 'tally'", "'tally-op'", "long[]", "double[]");
    }

    @Test
    void shouldContinueFromTheSavedValuesWithTheSameTypes() throws Exception {
        JobClient job = restore(savepoint(), StateCodec.LONG_ARRAY, StateCodec.LONG_ARRAY);
        assertEquals(JobStatus.FINISHED, job.status(), "failure: " + job.failureCause());
        assertTrue(RESTORED_TALLIES.get() > 0, "the tally's operator state was restored");
        assertEquals(KEYS, FIRST_READ.size());
        FIRST_READ.forEach((key, first) -> {
            long n = first[0];
            assertTrue(n > 0, "key " + key + " continued from its saved count");
            // The values of key k are k, k + KEYS, ..., so the first n sum to n*k + KEYS*n*(n-1)/2.
            assertEquals(n * key + KEYS * n * (n - 1) / 2, first[1], "saved sum of key " + key);
        });
    }

    /** Runs the job with long[] states until it checkpointed, and stops it with a savepoint. */
    private Path savepoint() throws Exception {
        StreamEnvironment env = environment();
        build(env, 20_000, StateCodec.LONG_ARRAY, StateCodec.LONG_ARRAY);
        JobClient job = env.executeAsync(JOB);
        try {
            Eventually.await("records in every key's state", () -> PROCESSED.get() >= 1_000 || job.status() != JobStatus.RUNNING);
            assertEquals(JobStatus.RUNNING, job.status(), "failure: " + job.failureCause());
            return job.stopWithSavepoint(dir.resolve("savepoint")).get(Jobs.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            Jobs.stop(job);
            FIRST_READ.clear();
        }
    }

    private JobClient restore(Path savepoint, StateCodec keyed, StateCodec operator) {
        StreamEnvironment env = environment().setRestore(savepoint.toString());
        build(env, 0, keyed, operator);
        JobClient job = env.executeAsync(JOB);
        try {
            job.await(Jobs.TIMEOUT);
        } catch (Exception e) {
            // a failed job throws; the test reads its status and cause
        } finally {
            Jobs.stop(job);
        }
        return job;
    }

    private StreamEnvironment environment() {
        StreamEnvironment env = SequenceJob.environment(BarrierMode.ALIGNED, 20, dir.resolve("checkpoints"));
        return env.setRestartStrategy(RestartStrategy.noRestart());
    }

    private static void build(StreamEnvironment env, double rate, StateCodec keyed, StateCodec operator) {
        env.fromSource(GeneratorSource.bounded(EVENTS, n -> n).withRate(rate), WatermarkStrategy.noWatermarks(), "numbers")
            .uid("numbers")
            .keyBy(n -> n % KEYS)
            .process(new Sums(keyed)).uid("sums-op")
            .map(new Tally(operator)).uid("tally-op")
            .sinkTo(DiscardingSink.create()).uid("discard");
    }

    private static void assertFailedNaming(JobClient job, String... parts) {
        assertEquals(JobStatus.FAILED, job.status(), "the restore must fail, not run on undecodable state");
        Throwable cause = job.failureCause().orElseThrow();
        while (cause.getCause() != null && !(cause instanceof IllegalStateException)) {
            cause = cause.getCause();
        }
        String message = String.valueOf(cause.getMessage());
        for (String part : List.of(parts)) {
            assertTrue(message.contains(part), "'" + part + "' missing from: " + message);
        }
        assertTrue(message.contains("setAllowNonRestoredState") && message.contains("migrate"), "names the fix: " + message);
    }

    /** Per key {count, sum} in a state of the test's type. */
    static final class Sums extends KeyedProcessFunction<Long, Long, Long> {
        private static final long serialVersionUID = 1L;
        private final StateCodec codec;
        private transient ValueState<Object> sums;

        Sums(StateCodec codec) {
            this.codec = codec;
        }

        @Override
        public void open() {
            sums = getRuntimeContext().getState(new ValueStateDescriptor<>("sums", codec.codec()));
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) {
            Object state = sums.value();
            long[] s = state == null ? new long[2] : codec.values(state);
            if (state != null) {
                FIRST_READ.putIfAbsent(ctx.getCurrentKey(), s.clone());
            }
            s[0]++;
            s[1] += value;
            sums.update(codec.of(s));
            PROCESSED.incrementAndGet();
            out.collect(value);
        }
    }

    /** Keeps a running {count} in operator list state of the test's codec. */
    static final class Tally implements MapFunction<Long, Long>, CheckpointedFunction {
        private static final long serialVersionUID = 1L;
        private final StateCodec codec;
        private transient ListState<Object> tally;
        private long count;

        Tally(StateCodec codec) {
            this.codec = codec;
        }

        @Override
        public void initializeState(FunctionInitializationContext context) {
            tally = context.getOperatorStateStore().getListState(new ListStateDescriptor<>("tally", codec.codec()));
            for (Object restored : tally.get()) {
                count += codec.values(restored)[0];
                RESTORED_TALLIES.incrementAndGet();
            }
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {
            tally.update(List.of(codec.of(new long[] {count, 0})));
        }

        @Override
        public Long map(Long value) {
            count++;
            return value;
        }
    }
}
