package io.ringflow.runtime;

import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.KeyedProcessFunction;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.DiscardingSink;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Incremental links of several MB into shared files rolled at any size the option allows: a
 * link crosses the files' 1 MiB mapped chunks (the writer once failed there, "not room to add
 * 128", when the file had been populated ahead or recycled).
 */
class SmallSharedFilesTest {
    static final int KEYS = 100;
    static final int VALUE_BYTES = 300_000;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "max-file-size {0}")
    @ValueSource(strings = {"64 kb", "4 mb"})
    void shouldWriteLinksLargerThanAChunkIntoSmallSharedFiles(String maxFileSize) throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.configure(Map.of("execution.checkpointing.interval", "20 ms",
            "execution.checkpointing.incremental", "true",
            "execution.checkpointing.file-merging.max-file-size", maxFileSize,
            "state.checkpoints.dir", dir.resolve("checkpoints").toString(),
            "state.storage.fs.durability", "page-cache"));
        env.fromSource(GeneratorSource.bounded(KEYS * 20L, n -> n).withRate(1_000), WatermarkStrategy.noWatermarks(), "numbers")
            .keyBy(n -> n % KEYS)
            .process(new BigValue()).uid("big")
            .sinkTo(DiscardingSink.create());
        JobClient job = env.executeAsync("small-shared-files");
        try {
            assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status());
            long completed = job.checkpointStats().stream()
                .filter(c -> c.status() == io.ringflow.api.CheckpointStatus.COMPLETED).count();
            assertTrue(completed >= 3, "checkpoints while the state grew: " + job.checkpointStats());
        } finally {
            Jobs.stop(job);
        }
    }

    /** Per key a 300 KB value, every byte the key's latest record; checks the value it reads back. */
    static final class BigValue extends KeyedProcessFunction<Long, Long, Long> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<byte[]> value;

        @Override
        public void open() {
            value = getRuntimeContext().getState(new ValueStateDescriptor<>("big", Codecs.BYTE_ARRAY));
        }

        @Override
        public void processElement(Long n, Context ctx, Collector<Long> out) throws Exception {
            byte[] previous = value.value();
            if (previous != null && previous[VALUE_BYTES - 1] != (byte) (n - KEYS)) {
                throw new IllegalStateException("key " + ctx.getCurrentKey() + " holds " + previous[VALUE_BYTES - 1]);
            }
            byte[] next = new byte[VALUE_BYTES];
            java.util.Arrays.fill(next, (byte) (long) n);
            value.update(next);
            out.collect(n);
        }
    }
}
