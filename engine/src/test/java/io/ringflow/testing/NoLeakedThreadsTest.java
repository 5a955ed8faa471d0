package io.ringflow.testing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The check registered for every test: it fails a test that leaves a Ringflow thread running. */
class NoLeakedThreadsTest {
    /** Just enough of an extension context for the check: a store. */
    private static ExtensionContext context() {
        Map<Object, Object> values = new HashMap<>();
        ExtensionContext.Store store = (ExtensionContext.Store) Proxy.newProxyInstance(
            NoLeakedThreadsTest.class.getClassLoader(), new Class<?>[] {ExtensionContext.Store.class},
            (proxy, method, args) -> switch (method.getName()) {
                case "put" -> values.put(args[0], args[1]);
                case "get" -> values.get(args[0]);
                default -> throw new UnsupportedOperationException(method.getName());
            });
        return (ExtensionContext) Proxy.newProxyInstance(NoLeakedThreadsTest.class.getClassLoader(),
            new Class<?>[] {ExtensionContext.class}, (proxy, method, args) -> {
                if (method.getName().equals("getStore")) {
                    return store;
                }
                throw new UnsupportedOperationException(method.getName());
            });
    }

    @Test
    void shouldFailATestThatLeavesARingflowThreadRunning() throws Exception {
        NoLeakedThreads check = new NoLeakedThreads();
        ExtensionContext context = context();
        check.beforeEach(context);
        CountDownLatch release = new CountDownLatch(1);
        Thread leaked = new Thread(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "ringflow-leaked-by-test");
        leaked.start();
        try {
            AssertionError e = assertThrows(AssertionError.class, () -> check.afterEach(context));
            assertTrue(e.getMessage().contains("ringflow-leaked-by-test"), e.getMessage());
        } finally {
            release.countDown();
            leaked.join();
        }
    }

    @Test
    void shouldPassWhenThreadsEndWithinTheGracePeriodOrAreNotRingflows() throws Exception {
        NoLeakedThreads check = new NoLeakedThreads();
        ExtensionContext context = context();
        check.beforeEach(context);
        CountDownLatch release = new CountDownLatch(1);
        Thread other = new Thread(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "not-ours");
        other.start();
        Thread ending = new Thread(() -> { }, "ringflow-ending");
        ending.start();
        try {
            assertDoesNotThrow(() -> check.afterEach(context));
        } finally {
            release.countDown();
            other.join();
        }
    }
}
