package io.ringflow.storage.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A log queue takes one writer: a second is refused, one that follows a closed writer (a failover) is not. */
@ExtendWith(NoLeakedChronicleResources.class)
class QueueWriterLockTest {
    @TempDir
    Path dir;

    @Test
    void shouldRefuseASecondWriterOfOneQueueNamingIt() {
        try (LogWriter first = LogWriter.open(dir, 0)) {
            first.appendRecord(1, 0, new byte[] {1}, 0, 1);
            Path queue = first.queueDirectory();
            long started = System.nanoTime();
            LogException e = assertThrows(LogException.class, () -> LogWriter.open(dir, 0));
            assertTrue(e.getMessage().contains(queue.toString()) && e.getMessage().contains("its own log directory"),
                e.getMessage());
            assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) >= 4_000,
                "it waited for the first writer to close, as a failover's writer would");
            first.appendRecord(1, 0, new byte[] {2}, 0, 1); // the first writer goes on
            first.appendCommit(1);
        }
        try (LogWriter other = LogWriter.open(dir, 1)) {
            assertEquals(LogTailer.NO_INDEX, other.lastIndexAppended(), "another subtask's queue is another queue");
        }
    }

    @Test
    void shouldLetTheNextWriterInOnceThePreviousClosed() throws Exception {
        LogWriter previous = LogWriter.open(dir, 0);
        CompletableFuture<LogWriter> next = CompletableFuture.supplyAsync(() -> LogWriter.open(dir, 0));
        Thread.sleep(200);
        assertTrue(!next.isDone(), "waits while the previous writer is open");
        previous.close();
        try (LogWriter writer = next.get(10, TimeUnit.SECONDS)) {
            writer.appendRecord(1, 0, new byte[] {1}, 0, 1);
        }
    }
}
