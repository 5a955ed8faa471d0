package io.ringflow.storage.file;

import io.ringflow.storage.metadata.StreamHandle;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnapshotStreamBufferTest {
    private static byte[] pattern(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (seed + i * 31);
        }
        return bytes;
    }

    @Test
    void shouldGiveTheNextStreamOnTheThreadTheWriteBufferOfTheLastWithoutTouchingWhatTheLastReturned() throws Exception {
        AtomicBoolean heldBefore = new AtomicBoolean(true);
        AtomicBoolean heldBetween = new AtomicBoolean();
        AtomicBoolean heldWhileWriting = new AtomicBoolean(true);
        AtomicBoolean finishedStreamRefused = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        byte[][] results = new byte[2][];
        Thread thread = new Thread(() -> {
          try {
            heldBefore.set(SnapshotStreamWriter.threadHasSpareBuffer());
            SnapshotStreamWriter first = SnapshotStreamWriter.toFile(64 * 1024, 64 * 1024, () -> {
                throw new AssertionError("short enough to stay inline");
            }, false);
            first.putBytes(pattern(20_000, 1), 0, 20_000);
            StreamHandle firstHandle = first.finish();
            heldBetween.set(SnapshotStreamWriter.threadHasSpareBuffer());

            SnapshotStreamWriter second = SnapshotStreamWriter.toFile(64 * 1024, 64 * 1024, () -> {
                throw new AssertionError("short enough to stay inline");
            }, false);
            heldWhileWriting.set(SnapshotStreamWriter.threadHasSpareBuffer());
            second.putBytes(pattern(30_000, 7), 0, 30_000);
            results[0] = firstHandle.inline();
            results[1] = second.finish().inline();
            try {
                second.putInt(1);
            } catch (NullPointerException e) {
                finishedStreamRefused.set(true);
            }
          } catch (Throwable e) {
            failure.set(e);
          }
        });
        thread.start();
        thread.join();
        assertNull(failure.get());
        assertTrue(finishedStreamRefused.get(), "a finished stream writes nowhere: its buffer is another's now");
        assertFalse(heldBefore.get(), "a new thread holds none");
        assertTrue(heldBetween.get(), "the finished stream gave its buffer back");
        assertFalse(heldWhileWriting.get(), "the next stream took it");
        assertArrayEquals(pattern(20_000, 1), results[0], "the first stream's bytes, untouched by the second");
        assertArrayEquals(pattern(30_000, 7), results[1]);
    }
}
