package io.ringflow.api;

import io.ringflow.api.codec.Codecs;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.CollectSink;
import io.ringflow.testing.Eventually;
import io.ringflow.testing.Jobs;
import io.ringflow.testing.NoLeakedThreads;
import io.ringflow.testing.QueueSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StreamEnvironmentTest {
    @Test
    void shouldStartWithFlinksDefaults() {
        StreamEnvironment env = StreamEnvironment.create();
        assertEquals(1, env.getParallelism());
        assertEquals(StreamEnvironment.DEFAULT_MAX_PARALLELISM, env.getMaxParallelism());
        assertTrue(env.getStreamGraph().nodes().isEmpty());
    }

    @Test
    void shouldRunAJobAndReportItsResult() {
        StreamEnvironment env = StreamEnvironment.create();
        CollectSink<String> sink = new CollectSink<>();
        env.fromElements("a", "b", "c").map(s -> s + s).sinkTo(sink);

        JobExecutionResult result = env.execute("doubling");

        assertEquals(JobStatus.FINISHED, result.status());
        assertEquals("doubling", result.jobName());
        assertFalse(result.jobId().isEmpty());
        assertTrue(result.netRuntimeMs() >= 0);
        assertEquals(List.of("aa", "bb", "cc"), sink.getResults());
    }

    @Test
    void shouldRunEachSubtaskOfEachChainOnANamedThread() {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        QueueSource<Long> source = new QueueSource<>(2, Codecs.LONG);
        CollectSink<Long> sink = new CollectSink<>();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "numbers")
            .keyBy(n -> n).reduce(Long::sum).name("sum")
            .sinkTo(sink).name("out");
        Set<Thread> before = NoLeakedThreads.ringflowThreads();
        JobClient job = env.executeAsync("named");
        try {
            assertEquals("named", job.jobName());
            assertEquals(JobStatus.RUNNING, job.status());
            Set<String> names = NoLeakedThreads.ringflowThreads().stream().filter(thread -> !before.contains(thread))
                .map(Thread::getName).filter(name -> !name.startsWith("ringflow-metrics-")).collect(Collectors.toSet());
            assertEquals(Set.of("ringflow-named-numbers (1/2)", "ringflow-named-numbers (2/2)",
                "ringflow-named-sum -> out (1/2)", "ringflow-named-sum -> out (2/2)"), names);

            source.offer(0, 1L, 2L).offer(1, 3L);
            Eventually.await("3 records", () -> sink.getResults().size() == 3, sink::getResults);
            source.endAll();
            JobExecutionResult result = job.await(Jobs.TIMEOUT);
            assertEquals(JobStatus.FINISHED, result.status());
            assertEquals(job.jobId(), result.jobId());
            assertSame(result, job.result().join());
            assertEquals(JobStatus.FINISHED, job.status());
            assertTrue(job.cancel().isDone(), "cancelling a finished job is a no-op");
            assertEquals(JobStatus.FINISHED, job.status());
        } finally {
            Jobs.stop(job);
        }
    }

    @Test
    void shouldTimeOutAwaitWithoutStoppingTheJob() {
        StreamEnvironment env = StreamEnvironment.create();
        QueueSource<Long> source = new QueueSource<>(1, Codecs.LONG);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "numbers").sinkTo(new CollectSink<>());
        JobClient job = env.executeAsync("waiting");
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> job.await(Duration.ofMillis(1)));
            assertTrue(e.getMessage().contains("did not end within"), e.getMessage());
            assertEquals(JobStatus.RUNNING, job.status());
            source.endAll();
            assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status());
        } finally {
            Jobs.stop(job);
        }
    }

    @Test
    void shouldTakeRecordsWithAnExplicitCodec() {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        CollectSink<Integer> sink = new CollectSink<>();
        env.fromCollection(List.of(3, 1, 2), Codecs.INT).rebalance().map(n -> n * 10).sinkTo(sink);
        assertEquals(JobStatus.FINISHED, Jobs.run(env, "explicit-codec").status());
        assertEquals(Set.of(10, 20, 30), Set.copyOf(sink.getResults()));
    }

    @Test
    void shouldRejectBadSettingsNamingTheConfigKey() {
        StreamEnvironment env = StreamEnvironment.create();
        InvalidJobException ring = assertThrows(InvalidJobException.class, () -> env.setRingSize(12));
        assertTrue(ring.getMessage().contains("power of two") && ring.getMessage().contains("ringflow.channel.ring-size"),
            ring.getMessage());
        InvalidJobException slot = assertThrows(InvalidJobException.class, () -> env.setSlotSize(20));
        assertTrue(slot.getMessage().contains("ringflow.channel.slot-size"), slot.getMessage());
        assertThrows(InvalidJobException.class, () -> env.setRingSize(1));
        assertThrows(InvalidJobException.class, () -> env.setSlotSize(44));
        assertThrows(InvalidJobException.class, () -> env.setMaxParallelism(0));
        assertThrows(InvalidJobException.class, () -> env.setMaxParallelism(StreamEnvironment.MAX_MAX_PARALLELISM + 1));
        assertThrows(InvalidJobException.class, () -> env.setAutoWatermarkInterval(Duration.ofMillis(-1)));
        assertThrows(InvalidJobException.class, () -> env.setParallelism(0));
        assertEquals(1, env.getParallelism(), "a rejected setting changes nothing");
    }

    /** As Flink's: enableCheckpointing(interval) sets the interval only; before, it reset a configured mode. */
    @Test
    void shouldKeepAConfiguredModeWhenOnlyTheIntervalIsEnabled() {
        StreamEnvironment env = StreamEnvironment.create()
            .configure(java.util.Map.of("execution.checkpointing.mode", "AT_LEAST_ONCE"))
            .enableCheckpointing(100);
        assertEquals(CheckpointingMode.AT_LEAST_ONCE, env.getCheckpointConfig().getCheckpointingMode());
        assertEquals(100, env.getCheckpointConfig().getCheckpointInterval());
        for (long interval : new long[] {0, -5}) {
            InvalidJobException refused = assertThrows(InvalidJobException.class,
                () -> StreamEnvironment.create().enableCheckpointing(interval));
            assertTrue(refused.getMessage().contains("must be positive"), refused.getMessage());
        }
    }

    /** The ring's sizes take Flink's size syntax, as the state.* sizes do. */
    @Test
    void shouldReadRingSizesInFlinksSizeSyntax() {
        assertEquals(4 * 1024 * 1024, ConfigParsing.sizeBytes("ringflow.channel.max-record-size", "4 mb"));
        assertEquals(1024 * 1024, ConfigParsing.sizeBytes("ringflow.channel.max-record-size", "1mb"));
        assertEquals(256, ConfigParsing.sizeBytes("ringflow.channel.slot-size", "256 b"));
        assertEquals(256, ConfigParsing.sizeBytes("ringflow.channel.slot-size", "256"));
        StreamEnvironment.create().configure(java.util.Map.of("ringflow.channel.max-record-size", "4 mb",
            "ringflow.channel.slot-size", "256 b"));
        InvalidJobException bad = assertThrows(InvalidJobException.class,
            () -> ConfigParsing.sizeBytes("ringflow.channel.slot-size", "lots"));
        assertTrue(bad.getMessage().contains("ringflow.channel.slot-size"), bad.getMessage());
    }
}
