package io.ringflow.metrics;

import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The lag of one Chronicle log source subtask, as the MBean
 * {@code io.ringflow:type=LogSource,job=NAME,source=OPERATOR[i]}. The reader's thread publishes
 * the figures; JMX and the progress line of {@code ringflow run} read them. A restarted attempt's
 * reader replaces the bean of the same name.
 */
public final class LogSourceMetrics implements LogSourceMXBean, AutoCloseable {
    private static final List<LogSourceMetrics> OPEN = new CopyOnWriteArrayList<>();
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final String job;
    private final String log;
    private volatile int queues; // a tailing reader finds new queues as the writer creates them
    private final ObjectName name;
    private volatile long lagRecords;
    private volatile long lastRecordAgeMs = -1;

    private LogSourceMetrics(String job, String source, int subtask, String log, int queues) {
        this.job = job;
        this.log = log;
        this.queues = queues;
        this.name = MBeans.name("LogSource", job, "source", source + "[" + subtask + "]");
    }

    /** The figures of subtask {@code subtask} of source operator {@code source} of {@code job}; {@link #register} shows them. */
    public static LogSourceMetrics create(String job, String source, int subtask, String log, int queues) {
        return new LogSourceMetrics(job, source, subtask, log, queues);
    }

    /** Registers the bean (once the reader published its first figures, so that none reads a lag of 0 before). */
    public LogSourceMetrics register() {
        OPEN.removeIf(other -> other.name.equals(name));
        OPEN.add(this);
        try {
            if (server.isRegistered(name)) {
                server.unregisterMBean(name); // the reader of an attempt that ended
            }
            server.registerMBean(this, name);
        } catch (InstanceNotFoundException gone) {
            return this;
        } catch (JMException e) {
            throw new IllegalStateException("cannot register MBean " + name + ": " + e.getMessage(), e);
        }
        return this;
    }

    /** The registered log sources of a job, for a progress line. */
    public static List<LogSourceMetrics> ofJob(String job) {
        return OPEN.stream().filter(metrics -> metrics.job.equals(job)).toList();
    }

    /** Publishes the figures and how many queues the reader reads now; called by the reader's thread. */
    public void update(long lagRecords, long lastRecordAgeMs, int queues) {
        this.queues = queues;
        this.lagRecords = lagRecords;
        this.lastRecordAgeMs = lastRecordAgeMs;
    }

    @Override
    public String getLog() {
        return log;
    }

    @Override
    public int getQueues() {
        return queues;
    }

    @Override
    public long getLagRecords() {
        return lagRecords;
    }

    @Override
    public long getLastRecordAgeMs() {
        return lastRecordAgeMs;
    }

    /** The bean's JMX name. */
    public ObjectName objectName() {
        return name;
    }

    /** Unregisters, unless a newer reader took the name over. */
    @Override
    public void close() {
        if (!OPEN.remove(this)) {
            return;
        }
        try {
            server.unregisterMBean(name);
        } catch (InstanceNotFoundException gone) {
            return;
        } catch (JMException e) {
            return; // nothing better to do at a reader's end
        }
    }
}
