package io.ringflow.storage;

import net.openhft.chronicle.bytes.Bytes;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChronicleWarmupTest {
    @Test
    void warmsUpOncePerProcessOnADaemonThreadThatEnds() throws InterruptedException {
        Thread first = ChronicleWarmup.startInBackground(); // nothing else in this module starts it
        Thread second = ChronicleWarmup.startInBackground();

        assertNotNull(first);
        assertNull(second, "a second call must not start another thread");
        assertTrue(first.isDaemon(), "the warm-up must not keep the process alive");
        first.join(30_000);
        assertFalse(first.isAlive(), "the warm-up thread must end");
        Bytes<?> bytes = Bytes.allocateElasticOnHeap(8); // Chronicle still works after it
        bytes.writeLong(42);
        assertEquals(42, bytes.readLong());
        bytes.releaseLast();
    }
}
