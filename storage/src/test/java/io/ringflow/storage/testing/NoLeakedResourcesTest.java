package io.ringflow.storage.testing;

import io.ringflow.storage.log.LogWriter;
import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import org.agrona.IoUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestInstances;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The check registered for every storage test: it fails a test that leaves a thread, a child
 * process or a mapped file behind. Each test cleans up what it leaked on purpose, so the check
 * registered for it passes.
 */
class NoLeakedResourcesTest {
    private static final Duration SHORT_GRACE = Duration.ofMillis(200);

    @TempDir
    Path dir;

    /** Just enough of an extension context for the check: a store, and the test instances given. */
    private static ExtensionContext context(Object... testInstances) {
        Map<Object, Object> values = new HashMap<>();
        ExtensionContext.Store store = (ExtensionContext.Store) Proxy.newProxyInstance(
            NoLeakedResourcesTest.class.getClassLoader(), new Class<?>[] {ExtensionContext.Store.class},
            (proxy, method, args) -> switch (method.getName()) {
                case "put" -> values.put(args[0], args[1]);
                case "get" -> values.get(args[0]);
                default -> throw new UnsupportedOperationException(method.getName());
            });
        TestInstances instances = (TestInstances) Proxy.newProxyInstance(
            NoLeakedResourcesTest.class.getClassLoader(), new Class<?>[] {TestInstances.class},
            (proxy, method, args) -> {
                if (method.getName().equals("getAllInstances")) {
                    return List.of(testInstances);
                }
                throw new UnsupportedOperationException(method.getName());
            });
        return (ExtensionContext) Proxy.newProxyInstance(NoLeakedResourcesTest.class.getClassLoader(),
            new Class<?>[] {ExtensionContext.class}, (proxy, method, args) -> switch (method.getName()) {
                case "getStore" -> store;
                case "getTestClass" -> Optional.empty();
                case "getTestInstances" -> Optional.of(instances);
                default -> throw new UnsupportedOperationException(method.getName());
            });
    }

    private static MappedByteBuffer map(Path file) throws Exception {
        Files.write(file, new byte[4096]);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, 4096);
        }
    }

    @Test
    void shouldFailATestThatLeavesAThreadRunning() throws Exception {
        NoLeakedResources check = new NoLeakedResources(SHORT_GRACE);
        ExtensionContext context = context();
        check.beforeEach(context);
        CountDownLatch release = new CountDownLatch(1);
        Thread leaked = new Thread(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "leaked-by-test");
        leaked.start();
        try {
            AssertionError e = assertThrows(AssertionError.class, () -> check.afterEach(context));
            assertTrue(e.getMessage().contains("test leaked threads: \"leaked-by-test\""), e.getMessage());
            assertTrue(e.getMessage().contains("CountDownLatch.await"), "names where it waits: " + e.getMessage());
        } finally {
            release.countDown();
            leaked.join();
        }
    }

    @Test
    void shouldFailATestThatLeavesFilesMappedEvenOnceDeleted() throws Exception {
        NoLeakedResources check = new NoLeakedResources(SHORT_GRACE);
        ExtensionContext context = context();
        check.beforeEach(context);
        MappedByteBuffer kept = map(dir.resolve("kept.state"));
        MappedByteBuffer deleted = map(dir.resolve("deleted.state"));
        Files.delete(dir.resolve("deleted.state"));
        try {
            AssertionError e = assertThrows(AssertionError.class, () -> check.afterEach(context));
            assertTrue(e.getMessage().contains("test left files memory-mapped"), e.getMessage());
            assertTrue(e.getMessage().contains(dir.toRealPath().resolve("kept.state").toString()), e.getMessage());
            assertTrue(e.getMessage().contains(dir.toRealPath().resolve("deleted.state") + " (deleted)"), e.getMessage());
            assertFalse(e.getMessage().contains("test leaked threads"), e.getMessage());
        } finally {
            IoUtil.unmap(kept);
            IoUtil.unmap(deleted);
        }
    }

    @Test
    void shouldFailATestThatLeavesAChronicleMappedFileOpen() throws Exception {
        NoLeakedResources check = new NoLeakedResources(SHORT_GRACE);
        ExtensionContext context = context();
        check.beforeEach(context);
        MappedBytes bytes = MappedBytes.mappedBytes(dir.resolve("chunked.state").toFile(), 64 << 10);
        try {
            bytes.writeLong(42);
            AssertionError e = assertThrows(AssertionError.class, () -> check.afterEach(context));
            assertTrue(e.getMessage().contains(dir.toRealPath().resolve("chunked.state").toString()), e.getMessage());
        } finally {
            bytes.releaseLast();
        }
    }

    @Test
    void shouldFailATestThatLeavesALogWriterOpen() throws Exception {
        NoLeakedResources check = new NoLeakedResources(SHORT_GRACE);
        ExtensionContext context = context();
        check.beforeEach(context);
        LogWriter writer = LogWriter.open(dir, 0);
        try {
            writer.appendCommit(1);
            AssertionError e = assertThrows(AssertionError.class, () -> check.afterEach(context));
            Path queue = dir.toRealPath().resolve("subtask-0");
            assertTrue(e.getMessage().contains(queue.resolve("metadata.cq4t").toString()), e.getMessage());
            assertTrue(e.getMessage().contains(queue + "/") && e.getMessage().contains(".cq4"), e.getMessage());
        } finally {
            writer.close();
        }
    }

    /** A temp directory outside JUnit's junit-* directories, as a custom TempDirFactory would make. */
    static final class WithOwnTempDir {
        @TempDir
        Path own;
    }

    @Test
    void shouldCheckTheTestsOwnTempDirFieldsWhereverTheyAre() throws Exception {
        WithOwnTempDir test = new WithOwnTempDir();
        test.own = Files.createTempDirectory("ringflow-leak-check-");
        NoLeakedResources check = new NoLeakedResources(SHORT_GRACE);
        ExtensionContext context = context(test);
        check.beforeEach(context);
        MappedByteBuffer leaked = map(test.own.resolve("elsewhere.data"));
        try {
            AssertionError e = assertThrows(AssertionError.class, () -> check.afterEach(context));
            assertTrue(e.getMessage().contains(test.own.toRealPath().resolve("elsewhere.data").toString()),
                e.getMessage());
        } finally {
            IoUtil.unmap(leaked);
            Files.delete(test.own.resolve("elsewhere.data"));
            Files.delete(test.own);
        }
    }

    @Test
    void shouldFailATestThatLeavesAChildProcessRunning() throws Exception {
        NoLeakedResources check = new NoLeakedResources(SHORT_GRACE);
        ExtensionContext context = context();
        check.beforeEach(context);
        Process child = new ProcessBuilder("sleep", "60").start();
        try {
            AssertionError e = assertThrows(AssertionError.class, () -> check.afterEach(context));
            assertTrue(e.getMessage().contains("test leaked child processes: " + child.pid()), e.getMessage());
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void shouldPassWhenAllEndsWithinTheGracePeriodAndChronicleKeepsOnlyItsSingletons() throws Exception {
        NoLeakedResources check = new NoLeakedResources();
        ExtensionContext context = context();
        check.beforeEach(context);
        // the first queue of this JVM starts Chronicle's process-wide threads (releaser, disk space checker)
        try (ChronicleQueue queue = ChronicleQueue.singleBuilder(dir.resolve("queue")).build();
             ExcerptAppender appender = queue.createAppender()) {
            appender.writeText("closed before the test ends");
        }
        Thread ending = new Thread(() -> { }, "ending");
        ending.start();
        IoUtil.unmap(map(dir.resolve("unmapped.state")));
        assertDoesNotThrow(() -> check.afterEach(context));
    }
}
