package io.ringflow.storage;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.Jvm;
import net.openhft.chronicle.wire.Wire;
import net.openhft.chronicle.wire.WireType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Initialises Chronicle on a background thread, once per process: its first use costs about
 * 250 ms on this project's reference machine (the POSIX API bound through jnr-ffi, an affinity
 * probe through JNA, Bytes and Wire), which a restore in a fresh process paid on its critical path
 * when it decoded {@code _metadata}. Started as soon as a job is told to restore, it overlaps with
 * building the job; whoever gets to a Chronicle class first initialises it, the other waits.
 */
public final class ChronicleWarmup {
    private static final Logger LOG = LoggerFactory.getLogger(ChronicleWarmup.class);
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private ChronicleWarmup() {
    }

    /** Starts the warm-up unless this process already did; returns at once, with its thread or null. */
    public static Thread startInBackground() {
        if (!STARTED.compareAndSet(false, true)) {
            return null;
        }
        Thread thread = new Thread(ChronicleWarmup::warmUp, "ringflow-chronicle-warmup");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void warmUp() {
        try {
            Jvm.init();
            Bytes<?> bytes = Bytes.allocateElasticOnHeap(64);
            try {
                Wire wire = WireType.YAML_ONLY.apply(bytes);
                wire.write("warm").int64(1);
                wire.read("warm").int64();
            } finally {
                bytes.releaseLast();
            }
        } catch (Throwable t) { // only a head start: the restore meets any real problem itself
            LOG.debug("Chronicle warm-up failed", t);
        }
    }
}
