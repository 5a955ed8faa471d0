package io.ringflow.metrics;

import io.ringflow.api.metrics.Counter;
import io.ringflow.api.metrics.Gauge;
import io.ringflow.api.metrics.Histogram;
import io.ringflow.api.metrics.HistogramStatistics;
import io.ringflow.api.metrics.Meter;
import io.ringflow.api.metrics.Metric;
import io.ringflow.api.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The metrics user functions of one operator subtask register through their
 * {@link MetricGroup}, as the MBean {@code io.ringflow:type=Operator,job=JOB,operator=UID[subtask]}:
 * one attribute per counter and gauge, {@code NAME.count} and {@code NAME.rate} per meter, and
 * {@code NAME.count}, {@code .min}, {@code .max}, {@code .mean}, {@code .stddev}, {@code .p50},
 * {@code .p75}, {@code .p95}, {@code .p98}, {@code .p99}, {@code .p999} per histogram (Flink's JMX
 * reporter's figures). Registered at the first metric, unregistered when the attempt ends
 * (a restart's functions register theirs again, from 0).
 */
public final class OperatorMetrics implements DynamicMBean {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorMetrics.class);
    private static final Map<ObjectName, OperatorMetrics> OPEN = new ConcurrentHashMap<>();
    private static final String[] HISTOGRAM_FIGURES = {"count", "min", "max", "mean", "stddev", "p50", "p75", "p95", "p98",
        "p99", "p999"};
    private static final double[] HISTOGRAM_QUANTILES = {0.5, 0.75, 0.95, 0.98, 0.99, 0.999};

    private final String job;
    private final ObjectName name;
    private final Map<String, Metric> metrics = new ConcurrentSkipListMap<>();
    private boolean registered; // under the class's lock

    private OperatorMetrics(String job, ObjectName name) {
        this.job = job;
        this.name = name;
    }

    /** The root group of operator {@code uid}'s subtask {@code subtask} in {@code job}: its bean appears at the first metric. */
    public static MetricGroup groupOf(String job, String uid, int subtask) {
        ObjectName name = MBeans.name("Operator", job, "operator", uid + "[" + subtask + "]");
        // one per subtask and attempt, whichever of its functions asks first
        return OPEN.computeIfAbsent(name, n -> new OperatorMetrics(job, n)).new Group("");
    }

    /** The bean's JMX name. */
    public ObjectName objectName() {
        return name;
    }

    /** Unregisters every operator bean of {@code job}: its attempt ended. */
    public static synchronized void unregisterJob(String job) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        OPEN.values().removeIf(metrics -> {
            if (!metrics.job.equals(job)) {
                return false;
            }
            try {
                server.unregisterMBean(metrics.name);
            } catch (InstanceNotFoundException gone) {
                return true;
            } catch (JMException e) {
                LOG.debug("cannot unregister {}", metrics.name, e);
            }
            return true;
        });
    }

    private <M extends Metric> M add(String fullName, M metric) {
        if (metric == null) {
            throw new IllegalArgumentException("metric '" + fullName + "' of " + name + " is null");
        }
        if (metrics.putIfAbsent(fullName, metric) != null) {
            LOG.warn("metric '{}' of {} is registered already; the first one stays, this one is not shown", fullName, name);
            return metric;
        }
        registerOnce();
        return metric;
    }

    /** The first metric registers the bean, replacing one left by a job of the same name. */
    private void registerOnce() {
        synchronized (OperatorMetrics.class) {
            if (registered) {
                return;
            }
            registered = true;
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            try {
                try {
                    server.unregisterMBean(name);
                } catch (InstanceNotFoundException none) {
                    // the usual case
                }
                server.registerMBean(this, name);
            } catch (JMException e) {
                throw new IllegalStateException("cannot register MBean " + name + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
        Metric metric = metrics.get(attribute);
        if (metric instanceof Counter counter) {
            return counter.getCount();
        }
        if (metric instanceof Gauge<?> gauge) {
            Object value = gauge.getValue();
            return value == null || value instanceof Number || value instanceof Boolean ? value : String.valueOf(value);
        }
        int dot = attribute.lastIndexOf('.');
        Metric owner = dot < 0 ? null : metrics.get(attribute.substring(0, dot));
        String figure = dot < 0 ? "" : attribute.substring(dot + 1);
        if (owner instanceof Meter meter) {
            if (figure.equals("count")) {
                return meter.getCount();
            }
            if (figure.equals("rate")) {
                return meter.getRate();
            }
        }
        if (owner instanceof Histogram histogram) {
            Object value = histogramFigure(histogram, figure);
            if (value != null) {
                return value;
            }
        }
        throw new AttributeNotFoundException("no metric '" + attribute + "' in " + name);
    }

    private static Object histogramFigure(Histogram histogram, String figure) {
        if (figure.equals("count")) {
            return histogram.getCount();
        }
        HistogramStatistics statistics = histogram.getStatistics();
        switch (figure) {
            case "min":
                return statistics.getMin();
            case "max":
                return statistics.getMax();
            case "mean":
                return statistics.getMean();
            case "stddev":
                return statistics.getStdDev();
            default:
                for (int i = 0; i < HISTOGRAM_QUANTILES.length; i++) {
                    if (figure.equals(HISTOGRAM_FIGURES[5 + i])) {
                        return statistics.getQuantile(HISTOGRAM_QUANTILES[i]);
                    }
                }
                return null;
        }
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
        AttributeList list = new AttributeList();
        for (String attribute : attributes) {
            try {
                list.add(new Attribute(attribute, getAttribute(attribute)));
            } catch (AttributeNotFoundException e) {
                continue; // JMX: the attributes that cannot be read are left out
            }
        }
        return list;
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
        throw new AttributeNotFoundException("metrics are read-only: " + attribute.getName());
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList();
    }

    @Override
    public Object invoke(String action, Object[] params, String[] signature) {
        throw new UnsupportedOperationException("an operator's metrics bean has no operations");
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        List<MBeanAttributeInfo> attributes = new ArrayList<>();
        metrics.forEach((metricName, metric) -> {
            if (metric instanceof Counter) {
                attributes.add(attribute(metricName, Long.class, "counter"));
            } else if (metric instanceof Gauge) {
                attributes.add(attribute(metricName, Object.class, "gauge"));
            } else if (metric instanceof Meter) {
                attributes.add(attribute(metricName + ".count", Long.class, "meter: events"));
                attributes.add(attribute(metricName + ".rate", Double.class, "meter: events per second"));
            } else if (metric instanceof Histogram) {
                for (String figure : HISTOGRAM_FIGURES) {
                    Class<?> type = figure.equals("count") || figure.equals("min") || figure.equals("max") ? Long.class
                        : Double.class;
                    attributes.add(attribute(metricName + "." + figure, type, "histogram: " + figure));
                }
            }
        });
        return new MBeanInfo(OperatorMetrics.class.getName(), "the metrics of an operator subtask's functions",
            attributes.toArray(MBeanAttributeInfo[]::new), null, null, null);
    }

    private static MBeanAttributeInfo attribute(String name, Class<?> type, String description) {
        return new MBeanAttributeInfo(name, type.getName(), description, true, false, false);
    }

    /** A group of names under {@code prefix} (empty, or ending in a dot). */
    private final class Group implements MetricGroup {
        private final String prefix;

        Group(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public <C extends Counter> C counter(String metricName, C counter) {
            return add(prefix + checked(metricName), counter);
        }

        @Override
        public <T, G extends Gauge<T>> G gauge(String metricName, G gauge) {
            return add(prefix + checked(metricName), gauge);
        }

        @Override
        public <M extends Meter> M meter(String metricName, M meter) {
            return add(prefix + checked(metricName), meter);
        }

        @Override
        public <H extends Histogram> H histogram(String metricName, H histogram) {
            return add(prefix + checked(metricName), histogram);
        }

        @Override
        public MetricGroup addGroup(String groupName) {
            return new Group(prefix + checked(groupName) + ".");
        }

        private String checked(String part) {
            if (part == null || part.isBlank()) {
                throw new IllegalArgumentException("a metric or group name of " + name + " must not be empty");
            }
            return part;
        }
    }
}
