package io.ringflow.bench.harness;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GC activity inside a measured window: collection count and time from the
 * {@link GarbageCollectorMXBean}s, and the longest single collection from their notifications
 * (the beans only keep totals). Under G1 a young collection's duration is its pause.
 */
final class GcMonitor implements AutoCloseable {
    private final List<GarbageCollectorMXBean> beans = ManagementFactory.getGarbageCollectorMXBeans();
    private final NotificationListener listener = (notification, handback) -> {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
            onCollection(info.getGcInfo().getDuration());
        }
    };
    private volatile boolean inWindow;
    private volatile long longestMs;
    private long countAtStart;
    private long timeMsAtStart;

    GcMonitor() {
        for (GarbageCollectorMXBean bean : beans) {
            ((NotificationEmitter) bean).addNotificationListener(listener, null, null);
        }
    }

    private synchronized void onCollection(long durationMs) {
        if (inWindow && durationMs > longestMs) {
            longestMs = durationMs;
        }
    }

    void startWindow() {
        countAtStart = totalCount();
        timeMsAtStart = totalTimeMs();
        longestMs = 0;
        inWindow = true;
    }

    /** Closes the window: {@code count}, {@code time_ms}, {@code max_pause_ms}. */
    Map<String, Object> endWindow() {
        inWindow = false;
        Map<String, Object> gc = new LinkedHashMap<>();
        gc.put("count", totalCount() - countAtStart);
        gc.put("time_ms", totalTimeMs() - timeMsAtStart);
        gc.put("max_pause_ms", longestMs);
        return gc;
    }

    private long totalCount() {
        return beans.stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).filter(c -> c > 0).sum();
    }

    private long totalTimeMs() {
        return beans.stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).filter(t -> t > 0).sum();
    }

    @Override
    public void close() throws Exception {
        for (GarbageCollectorMXBean bean : beans) {
            ((NotificationEmitter) bean).removeNotificationListener(listener);
        }
    }
}
