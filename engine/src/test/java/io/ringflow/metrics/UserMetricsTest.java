package io.ringflow.metrics;

import io.ringflow.api.JobClient;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.functions.OpenContext;
import io.ringflow.api.functions.RichMapFunction;
import io.ringflow.api.metrics.Counter;
import io.ringflow.api.metrics.DescriptiveStatisticsHistogram;
import io.ringflow.api.metrics.Gauge;
import io.ringflow.api.metrics.Histogram;
import io.ringflow.api.metrics.Meter;
import io.ringflow.api.metrics.MeterView;
import io.ringflow.api.metrics.MetricGroup;
import io.ringflow.api.metrics.SimpleCounter;
import io.ringflow.testing.Eventually;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.management.AttributeNotFoundException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Flink's {@code getRuntimeContext().getMetricGroup()}: a function's metrics as MBean attributes while the job runs, none after. */
@Timeout(60)
class UserMetricsTest {
    private static final MBeanServer SERVER = ManagementFactory.getPlatformMBeanServer();
    static final java.util.concurrent.atomic.AtomicBoolean SECOND_COUNTER_SEPARATE = new java.util.concurrent.atomic.AtomicBoolean();

    /** Counts, keeps the last value, meters and a histogram of value % 1000, as a ported Flink function would. */
    public static class Measured extends RichMapFunction<Long, Long> {
        private transient Counter records;
        private transient Meter meter;
        private transient Histogram histogram;
        private transient volatile long last;

        @Override
        public void open(OpenContext context) {
            MetricGroup group = getRuntimeContext().getMetricGroup().addGroup("my");
            records = group.counter("records");
            group.gauge("last", (Gauge<Long>) () -> last);
            meter = group.meter("perSecond", new MeterView(new SimpleCounter(), 5));
            histogram = group.histogram("values", new DescriptiveStatisticsHistogram(1_000));
            SECOND_COUNTER_SEPARATE.set(group.counter("records") != records); // returned, not shown
        }

        @Override
        public Long map(Long value) throws Exception {
            records.inc();
            meter.markEvent();
            histogram.update(value % 1_000);
            last = value;
            if (value % 1_000 == 0) {
                Thread.sleep(1); // keeps the job running for the test to read it
            }
            return value;
        }
    }

    @Test
    void aFunctionsMetricsAreAttributesOfItsOperatorsBeanWhileTheJobRuns() throws Exception {
        String job = "user-metrics-" + UUID.randomUUID().toString().substring(0, 8);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.fromSequence(0, Long.MAX_VALUE - 1).rebalance().map(new Measured()).uid("measured")
            .sinkTo(io.ringflow.connector.DiscardingSink.create());
        JobClient client = env.executeAsync(job);
        ObjectName first = new ObjectName("io.ringflow:type=Operator,job=" + job + ",operator=measured[0]");
        ObjectName second = new ObjectName("io.ringflow:type=Operator,job=" + job + ",operator=measured[1]");
        try {
            Eventually.await("both subtasks counted 5,000 records", () -> records(first) >= 5_000 && records(second) >= 5_000);
            long counted = (long) SERVER.getAttribute(first, "my.records");
            long metered = (long) SERVER.getAttribute(first, "my.perSecond.count");
            assertTrue(Math.abs(counted - metered) < 5_000, "the meter counts what the counter counts: " + counted + " / " + metered);
            assertTrue((double) SERVER.getAttribute(first, "my.perSecond.rate") > 0, "a rate");
            assertTrue((long) SERVER.getAttribute(first, "my.last") > 0, "the gauge reads the function's last value");
            assertTrue((long) SERVER.getAttribute(first, "my.values.count") >= 1_000, "the histogram's updates");
            assertTrue(SECOND_COUNTER_SEPARATE.get(), "a second counter of one name is its own object");
            long min = (long) SERVER.getAttribute(first, "my.values.min");
            long max = (long) SERVER.getAttribute(first, "my.values.max");
            double p50 = (double) SERVER.getAttribute(first, "my.values.p50");
            assertTrue(min >= 0 && max <= 999 && min < p50 && p50 < max, min + " < " + p50 + " < " + max);
            String[] attributes = Arrays.stream(SERVER.getMBeanInfo(first).getAttributes()).map(a -> a.getName())
                .toArray(String[]::new);
            assertTrue(Arrays.asList(attributes).containsAll(java.util.List.of("my.records", "my.last", "my.perSecond.rate",
                "my.values.p99")), Arrays.toString(attributes));
            assertThrows(AttributeNotFoundException.class, () -> SERVER.getAttribute(first, "my.nothing"));
        } finally {
            client.cancel().get(30, TimeUnit.SECONDS);
        }
        assertFalse(SERVER.isRegistered(first) || SERVER.isRegistered(second), "the beans went with the job");
    }

    /** The counter of a subtask's bean, -1 while it has none. */
    private static long records(ObjectName bean) {
        try {
            return SERVER.isRegistered(bean) ? (long) SERVER.getAttribute(bean, "my.records") : -1;
        } catch (javax.management.JMException e) {
            return -1;
        }
    }

    @Test
    void aHistogramsStatisticsAreThoseOfItsWindow() {
        DescriptiveStatisticsHistogram histogram = new DescriptiveStatisticsHistogram(100);
        for (long v = 1; v <= 300; v++) {
            histogram.update(v);
        }
        assertEquals(300, histogram.getCount());
        var statistics = histogram.getStatistics();
        assertEquals(100, statistics.size(), "the last 100 values");
        assertEquals(201, statistics.getMin());
        assertEquals(300, statistics.getMax());
        assertEquals(250.5, statistics.getMean(), 1e-9);
        assertEquals(250, statistics.getQuantile(0.5), 1e-9);
        assertEquals(299, statistics.getQuantile(0.99), 1e-9);
        assertEquals(29.011, statistics.getStdDev(), 1e-3);
    }

    @Test
    void aMeterViewsRateIsItsCountOverTheTimeSinceItsOldestSample() throws Exception {
        SimpleCounter counter = new SimpleCounter();
        MeterView meter = new MeterView(counter, 10);
        meter.markEvent(500);
        Thread.sleep(200);
        double rate = meter.getRate();
        assertTrue(rate > 500 / 0.5 && rate < 500 / 0.19, "500 events in about 0.2 s: " + rate);
        assertEquals(500, meter.getCount());
        assertEquals(500, counter.getCount(), "the meter marks its counter");
    }
}
