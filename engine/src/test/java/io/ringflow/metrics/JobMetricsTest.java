package io.ringflow.metrics;

import io.ringflow.api.JobClient;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.DiscardingSink;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.testing.Eventually;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The MBeans of a running job, read through the platform MBeanServer as jconsole reads them. */
class JobMetricsTest {
    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();

    @Test
    void shouldShowRecordsRingsAndCheckpointsWhileTheJobRunsAndNothingAfter() throws Exception {
        String name = "metrics-" + UUID.randomUUID().toString().substring(0, 8);
        StreamEnvironment env = StreamEnvironment.create().setRingSize(256);
        env.enableCheckpointing(20);
        numbers(env, 50_000, 0);
        JobClient job = env.executeAsync(name);
        ObjectName jobBean = new ObjectName("io.ringflow:type=Job,job=" + name);
        try {
            Set<ObjectName> tasks = SERVER.queryNames(new ObjectName("io.ringflow:type=Task,job=" + name + ",*"), null);
            Set<ObjectName> channels = SERVER.queryNames(new ObjectName("io.ringflow:type=Channel,job=" + name + ",*"), null);
            assertEquals(2, tasks.size(), tasks.toString());
            assertEquals(1, channels.size(), channels.toString());
            ObjectName source = tasks.stream().filter(n -> n.getKeyProperty("task").startsWith("numbers")).findFirst().orElseThrow();
            ObjectName sink = tasks.stream().filter(n -> !n.equals(source)).findFirst().orElseThrow();
            ObjectName channel = channels.iterator().next();
            assertEquals("numbers[0]->identity[0]", channel.getKeyProperty("channel"));

            Eventually.await("records through the ring, a rate and a checkpoint", () -> (long) get(sink, "RecordsIn") > 1000
                && (double) get(source, "RecordsOutPerSecond") > 0 && (long) get(jobBean, "CheckpointsCompleted") >= 2);
            assertEquals("RUNNING", get(jobBean, "Status"));
            assertEquals(job.jobId(), get(jobBean, "JobId"));
            assertTrue((long) get(jobBean, "LastCheckpointId") >= 2);
            assertTrue((long) get(jobBean, "LastCheckpointDurationMs") >= 0);
            assertTrue((long) get(jobBean, "LastCheckpointSizeBytes") > 0, "the source's position is state");
            assertEquals(0L, get(jobBean, "CheckpointsFailed"));
            assertEquals(-1L, get(jobBean, "RestoredCheckpointId"));
            assertEquals(-1L, get(jobBean, "RestoreDurationMs"));
            long published = (long) get(channel, "Published");
            long consumed = (long) get(channel, "Consumed");
            assertTrue(published > 0 && consumed > 0, published + " / " + consumed);
            assertEquals(256, get(channel, "Capacity"));
            long fill = (long) get(channel, "Fill");
            assertTrue(fill >= 0 && fill <= 256, "fill " + fill);
            assertTrue((long) get(source, "RecordsOut") >= published, "read after the channel, it only grows");
            assertEquals(0L, get(source, "RecordsIn"), "a source has no input ring");
            assertEquals(0L, get(sink, "RecordsOut"), "the sink's task has no output ring");
            assertEquals("RUNNING", get(sink, "Lifecycle"));
        } finally {
            job.cancel().join();
        }
        assertTrue(SERVER.queryNames(new ObjectName("io.ringflow:job=" + name + ",*"), null).isEmpty(),
            "every MBean of the job is unregistered at its end");
    }

    @Test
    void shouldShowBackpressureOfASourceBehindASlowConsumer() throws Exception {
        String name = "backpressure-" + UUID.randomUUID().toString().substring(0, 8);
        StreamEnvironment env = StreamEnvironment.create().setRingSize(64);
        numbers(env, 0, 1);
        JobClient job = env.executeAsync(name);
        try {
            ObjectName source = SERVER.queryNames(new ObjectName("io.ringflow:type=Task,job=" + name + ",*"), null).stream()
                .filter(n -> n.getKeyProperty("task").startsWith("numbers")).findFirst().orElseThrow();
            Eventually.await("the source backpressured most of a second", () -> (long) get(source, "BackPressuredTimeMsPerSecond") > 500);
            assertTrue((double) get(source, "OutputRingFill") >= 0.5, "a full ring holds the source back");
        } finally {
            job.cancel().join();
        }
    }

    @Test
    void shouldShowTheRestoredCheckpointAndHowLongTheRestoreTook(@TempDir Path dir) throws Exception {
        String name = "restore-" + UUID.randomUUID().toString().substring(0, 8);
        StreamEnvironment first = StreamEnvironment.create();
        first.enableCheckpointing(20);
        first.getCheckpointConfig().storage().checkpointsDir(dir);
        numbers(first, 20_000, 0);
        JobClient running = first.executeAsync(name);
        ObjectName jobBean = new ObjectName("io.ringflow:type=Job,job=" + name);
        long lastId;
        try {
            Eventually.await("a checkpoint", () -> (long) get(jobBean, "CheckpointsCompleted") >= 1);
        } finally {
            running.cancel().join();
            lastId = running.checkpointStats().stream().filter(s -> s.status() == io.ringflow.api.CheckpointStatus.COMPLETED)
                .mapToLong(s -> s.id()).max().orElseThrow();
        }

        StreamEnvironment second = StreamEnvironment.create();
        second.enableCheckpointing(20);
        second.getCheckpointConfig().storage().checkpointsDir(dir);
        second.setRestore("latest");
        numbers(second, 20_000, 0);
        JobClient restored = second.executeAsync(name);
        try {
            assertEquals(lastId, get(jobBean, "RestoredCheckpointId"));
            Eventually.await("the restore timed", () -> (long) get(jobBean, "RestoreDurationMs") >= 0);
        } finally {
            restored.cancel().join();
        }
    }

    /** numbers → ring → identity map (sleeping {@code sleepMs} per record) → discarding sink. */
    private static void numbers(StreamEnvironment env, double rate, long sleepMs) {
        env.fromSource(GeneratorSource.unbounded(sequence -> sequence).withRate(rate).withCodec(Codecs.forClass(Long.class)),
                WatermarkStrategy.noWatermarks(), "numbers").uid("numbers")
            .rebalance()
            .map(n -> {
                if (sleepMs > 0) {
                    Thread.sleep(sleepMs);
                }
                return n;
            }).uid("identity")
            .sinkTo(DiscardingSink.create()).uid("sink");
    }

    private static Object get(ObjectName bean, String attribute) {
        try {
            return SERVER.getAttribute(bean, attribute);
        } catch (JMException e) {
            throw new AssertionError(bean + "." + attribute + ": " + e, e);
        }
    }
}
