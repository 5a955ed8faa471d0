package io.ringflow.api;

import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.KeyedProcessFunction;
import io.ringflow.api.state.StateTtlConfig;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.CollectSink;
import io.ringflow.testing.Eventually;
import io.ringflow.testing.Jobs;
import io.ringflow.testing.ManualClock;
import io.ringflow.testing.QueueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * State TTL in a running job at parallelism 2: time is the job's (manual) processing-time clock,
 * and a failover restores each value with the time it was written, not the time of the restore.
 */
class StateTtlJobTest {
    private static final long TTL_MS = 1_000;
    private static final AtomicBoolean FAILED = new AtomicBoolean();

    /** Emits "key new" when the key has no live state, else "key seen"; then writes the key's state. */
    static final class SeenBefore extends KeyedProcessFunction<Long, Long, String> {
        private transient ValueState<Long> lastSeen;

        @Override
        public void open() {
            ValueStateDescriptor<Long> descriptor = new ValueStateDescriptor<>("seen", Codecs.LONG);
            descriptor.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofMillis(TTL_MS)).build());
            lastSeen = getRuntimeContext().getState(descriptor);
        }

        @Override
        public void processElement(Long key, Context ctx, io.ringflow.api.functions.Collector<String> out) {
            if (key < 0) {
                if (FAILED.compareAndSet(false, true)) {
                    throw new IllegalStateException("injected failure");
                }
                return;
            }
            out.collect(key + (lastSeen.value() == null ? " new" : " seen"));
            lastSeen.update(key);
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldExpireStateByTheJobsClockAndKeepWriteTimesAcrossAFailover(@TempDir Path dir) throws Exception {
        FAILED.set(false);
        ManualClock clock = new ManualClock(1_000_000);
        StreamEnvironment env = StreamEnvironment.create().setRingSize(64).setClock(clock).setParallelism(2)
            .setRestartStrategy(RestartStrategy.fixedDelay(1, Duration.ZERO));
        env.enableCheckpointing(60_000);
        env.getCheckpointConfig().storage().checkpointsDir(dir.resolve("checkpoints"));
        QueueSource<Long> source = new QueueSource<>(1, Codecs.LONG);
        CollectSink<String> sink = new CollectSink<>();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "keys").setParallelism(1).uid("keys")
            .keyBy(key -> key).process(new SeenBefore()).uid("seen").sinkTo(sink);
        JobClient job = env.executeAsync("state-ttl");
        try {
            offer(source, 0, 100);
            awaitResults(sink, 100);
            job.triggerCheckpoint().get(30, TimeUnit.SECONDS); // every key's state, written at 1,000,000
            clock.set(1_000_300);
            source.offer(0, -1L);
            Eventually.await("a restart", () -> job.restarts() == 1);

            clock.set(1_000_600);
            offer(source, 0, 50);
            awaitResults(sink, 150);
            clock.set(1_001_100); // keys 0..49 written 500 ms ago, keys 50..99 1,100 ms ago
            offer(source, 0, 100);
            awaitResults(sink, 250);
            source.endAll();
            job.await(Jobs.TIMEOUT);
        } finally {
            Jobs.stop(job);
        }
        // the sink lists each subtask's results apart: compare the multiset per key, not the order
        java.util.Map<String, Long> counts = new java.util.TreeMap<>();
        sink.getResults().forEach(r -> counts.merge(r, 1L, Long::sum));
        java.util.Map<String, Long> expected = new java.util.TreeMap<>();
        for (long key = 0; key < 100; key++) {
            if (key < 50) {
                expected.put(key + " new", 1L);   // first seen
                expected.put(key + " seen", 2L);  // 600 ms after its write, restored; then 500 ms after its rewrite
            } else {
                expected.put(key + " new", 2L);   // 1,100 ms after its write, though restored only 800 ms before
            }
        }
        assertEquals(expected, counts);
    }

    private static void offer(QueueSource<Long> source, long from, long to) {
        source.offer(0, LongStream.range(from, to).boxed().toArray(Long[]::new));
    }

    private static void awaitResults(CollectSink<String> sink, int count) {
        Eventually.await(count + " results", () -> sink.getResults().size() >= count, sink::getResults);
        assertEquals(count, sink.getResults().size());
    }

}
