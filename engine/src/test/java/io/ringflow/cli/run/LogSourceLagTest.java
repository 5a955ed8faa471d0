package io.ringflow.cli.run;

import io.ringflow.api.JobClient;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.ChronicleLogAppender;
import io.ringflow.connector.ChronicleLogSource;
import io.ringflow.connector.DiscardingSink;
import io.ringflow.testing.Eventually;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lag of a tailing Chronicle log source, read through JMX and on the progress line of
 * {@code ringflow run}: a reader held back behind its writer shows the records it has yet to read;
 * once it caught up, 0, also after more appends.
 */
class LogSourceLagTest {
    private static volatile CountDownLatch gate;

    @TempDir
    Path dir;

    private static long lag(MBeanServer server, ObjectName name) {
        try {
            return (Long) server.getAttribute(name, "LagRecords");
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldShowAPositiveLagThatDropsTo0WhenTheReaderCaughtUp() throws Exception {
        Path log = dir.resolve("log");
        gate = new CountDownLatch(1);
        DiscardingSink<Long> sink = DiscardingSink.create();
        try (ChronicleLogAppender<Long> writer = ChronicleLogSource.writer(log, Codecs.LONG)) {
            for (long n = 0; n < 2000; n++) {
                writer.append(n, 1_000L); // append time: now; event time: irrelevant here
            }
            StreamEnvironment env = StreamEnvironment.create().setRingSize(16);
            env.fromSource(ChronicleLogSource.tailing(log, Codecs.LONG), WatermarkStrategy.noWatermarks(), "log").uid("log")
                .rebalance()
                .map(n -> {
                    gate.await(); // holds the reader back behind a full ring
                    return n;
                }).uid("gate")
                .sinkTo(sink);
            JobClient job = env.executeAsync("lag-test");
            try {
                MBeanServer server = ManagementFactory.getPlatformMBeanServer();
                ObjectName name = new ObjectName("io.ringflow:type=LogSource,job=lag-test,source=log[0]");
                Eventually.await("the log source's MBean is registered", () -> server.isRegistered(name));
                long behind = (Long) server.getAttribute(name, "LagRecords");
                assertTrue(behind > 1900 && behind <= 2000, "held back at the start of 2000 records: lag " + behind);
                assertEquals(log.toString(), server.getAttribute(name, "Log"));
                assertEquals(1, server.getAttribute(name, "Queues"));

                gate.countDown();
                Eventually.await("caught up: lag 0", () -> sink.count() == 2000 && lag(server, name) == 0);
                for (long n = 2000; n < 3000; n++) {
                    writer.append(n);
                }
                Eventually.await("caught up with the new records: lag 0", () -> sink.count() == 3000 && lag(server, name) == 0);
                long age = (Long) server.getAttribute(name, "LastRecordAgeMs");
                assertTrue(age >= 0, "the last record's age when read: " + age);
                assertTrue(RunProgress.logLag("lag-test").startsWith("  log lag 0 (last record "), RunProgress.logLag("lag-test"));
            } finally {
                job.cancel().join();
            }
            assertFalse(ManagementFactory.getPlatformMBeanServer().isRegistered(
                new ObjectName("io.ringflow:type=LogSource,job=lag-test,source=log[0]")), "unregistered when the job ended");
        }
    }
}
