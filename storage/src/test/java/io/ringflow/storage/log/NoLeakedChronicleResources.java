package io.ringflow.storage.log;

import net.openhft.chronicle.core.io.AbstractCloseable;
import net.openhft.chronicle.core.io.AbstractReferenceCounted;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that leaves a Chronicle queue, appender, tailer or mapped file open: it traces
 * every Chronicle closeable and reference count created during the test and checks they are
 * released after it (Chronicle's own test idiom).
 */
public final class NoLeakedChronicleResources implements BeforeEachCallback, AfterEachCallback {
    @Override
    public void beforeEach(ExtensionContext context) {
        AbstractCloseable.enableCloseableTracing();
        AbstractReferenceCounted.enableReferenceTracing();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            AbstractCloseable.waitForCloseablesToClose(1_000);
            AbstractCloseable.assertCloseablesClosed();
            AbstractReferenceCounted.assertReferencesReleased();
        } finally {
            AbstractCloseable.disableCloseableTracing();
            AbstractReferenceCounted.disableReferenceTracing();
        }
    }
}
