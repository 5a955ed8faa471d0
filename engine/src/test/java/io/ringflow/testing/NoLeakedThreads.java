package io.ringflow.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * Registered for every test (service loader + autodetection): fails a test that leaves a
 * Ringflow task thread running after it ends. Threads get a short grace period to exit,
 * because a job's last task ends just after its result is published.
 */
public final class NoLeakedThreads implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(NoLeakedThreads.class);
    private static final long GRACE_MS = 5_000;

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NAMESPACE).put("before", ringflowThreads());
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        @SuppressWarnings("unchecked")
        Set<Thread> before = (Set<Thread>) context.getStore(NAMESPACE).get("before", Set.class);
        long deadline = System.currentTimeMillis() + GRACE_MS;
        Set<Thread> leaked = leaked(before);
        while (!leaked.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
            leaked = leaked(before);
        }
        if (!leaked.isEmpty()) {
            throw new AssertionError("test leaked threads: " + leaked.stream().map(Thread::getName)
                .collect(Collectors.joining(", ")) + "; cancel or await every job it starts");
        }
    }

    private static Set<Thread> leaked(Set<Thread> before) {
        Set<Thread> now = ringflowThreads();
        now.removeAll(before);
        return now;
    }

    /** Live threads that belong to Ringflow jobs. */
    public static Set<Thread> ringflowThreads() {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(thread -> thread.isAlive() && thread.getName().startsWith("ringflow-"))
            .collect(Collectors.toSet());
    }
}
