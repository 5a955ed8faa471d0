package io.ringflow.connector;

import io.ringflow.api.JobClient;
import io.ringflow.api.JobStatus;
import io.ringflow.api.RestartStrategy;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.RichMapFunction;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code fromCollection} under exactly-once checkpoints and one failover: as Flink's
 * {@code fromElements}, the source checkpoints where it is in the list, so each element reaches the
 * exactly-once sink once (before its position was checkpointed, the restored attempt read the list
 * from its start again and about 900 of 2,000 elements were committed twice).
 */
@Timeout(60)
class CollectionSourceFailoverTest {
    static final AtomicBoolean FAILED = new AtomicBoolean();

    /** Slow (so checkpoints complete while the list is read) and fails once, in attempt 0. */
    public static class SlowFailOnce extends RichMapFunction<Long, Long> {
        @Override
        public Long map(Long v) throws Exception {
            Thread.sleep(1);
            if (v == 1000 && FAILED.compareAndSet(false, true)) {
                throw new RuntimeException("injected failure at " + v);
            }
            return v;
        }
    }

    @Test
    void everyElementOfACollectionOnceThroughAFailover(@TempDir Path dir) {
        FAILED.set(false);
        List<Long> input = new ArrayList<>();
        for (long i = 0; i < 2000; i++) {
            input.add(i);
        }
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(64);
        env.enableCheckpointing(50);
        env.getCheckpointConfig().storage().checkpointsDir(dir.resolve("chk"));
        env.setRestartStrategy(RestartStrategy.fixedDelay(1, Duration.ZERO));
        env.fromCollection(input).uid("numbers")
            .map(new SlowFailOnce()).uid("slow")
            .sinkTo(ChronicleLogSink.exactlyOnce(dir.resolve("out"), Codecs.LONG)).uid("sink");
        JobClient job = env.executeAsync("collection-failover");
        try {
            assertEquals(JobStatus.FINISHED, job.await(Duration.ofSeconds(45)).status());
        } finally {
            Jobs.stop(job);
        }
        assertEquals(1, job.restarts());
        assertTrue(job.lastRestoredCheckpointId().isPresent(), "restored from a checkpoint");
        List<Long> out = ChronicleLogReader.readCommitted(dir.resolve("out"), Codecs.LONG);
        Set<Long> seen = new HashSet<>();
        long duplicates = out.stream().filter(v -> !seen.add(v)).count();
        assertEquals(0, duplicates, "elements committed twice (restored checkpoint " + job.lastRestoredCheckpointId().getAsLong()
            + "; " + out.size() + " committed for " + input.size() + " elements)");
        assertEquals(input.size(), out.size());
    }

    @Test
    void shouldRefuseAPositionOfAnotherSubtask() {
        CollectionSource<Long> source = new CollectionSource<>(List.of(1L, 2L, 3L, 4L));
        io.ringflow.api.connector.SourceReader<Long> reader = source.createReader(GeneratorSourceTest.context(1, 2));
        reader.restorePosition(java.nio.ByteBuffer.allocate(4).putInt(3).array());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> reader.restorePosition(java.nio.ByteBuffer.allocate(4).putInt(2).array()));
        assertTrue(e.getMessage().contains("not one of subtask 1 of 2"), e.getMessage());
    }
}
