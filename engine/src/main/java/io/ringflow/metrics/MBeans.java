package io.ringflow.metrics;

import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/** The MBeans one owner registered on the platform MBeanServer, unregistered together. */
final class MBeans {
    static final String DOMAIN = "io.ringflow";
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final List<ObjectName> registered = new ArrayList<>();

    /** {@code io.ringflow:type=TYPE,job=JOB[,KEY=VALUE]}, values quoted where JMX needs it. */
    static ObjectName name(String type, String job, String key, String value) {
        try {
            return new ObjectName(DOMAIN + ":type=" + type + ",job=" + quoted(job) + (key == null ? "" : "," + key + "=" + quoted(value)));
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String quoted(String value) {
        return value.matches("[^,=:\"*?\\\\\n]*") ? value : ObjectName.quote(value);
    }

    /** Registers; a name taken by another job of the same name in this process is left to that one. */
    synchronized void register(ObjectName name, Object bean) {
        try {
            server.registerMBean(bean, name);
            registered.add(name);
        } catch (InstanceAlreadyExistsException taken) {
            return; // two jobs of one name: the first keeps its beans
        } catch (JMException e) {
            throw new IllegalStateException("cannot register MBean " + name + ": " + e.getMessage(), e);
        }
    }

    synchronized void unregisterAll() {
        for (ObjectName name : registered) {
            try {
                server.unregisterMBean(name);
            } catch (InstanceNotFoundException gone) {
                continue;
            } catch (JMException e) {
                continue; // nothing better to do at a job's end
            }
        }
        registered.clear();
    }
}
