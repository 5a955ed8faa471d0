package io.ringflow.connector;

import io.ringflow.api.codec.Codec;
import io.ringflow.storage.log.LogDocumentDescriptor;
import io.ringflow.storage.log.LogWriter;
import org.agrona.ExpandableArrayBuffer;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.SplittableRandom;

/**
 * One subtask's writer of a Chronicle log: encodes records with their codec into a reused buffer
 * and appends them to the subtask's queue; also makes the transaction ids of its subtask.
 */
final class LogRecordWriter<T> implements AutoCloseable {
    private static final int MAX_RECORD_BYTES = LogWriter.MAX_PAYLOAD_BYTES;
    private static final SecureRandom SEEDS = new SecureRandom();

    private final LogWriter writer;
    private final Codec<T> codec;
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
    // seeded from the OS, so ids differ across attempts and processes without coordination
    private final SplittableRandom transactionIds = new SplittableRandom(SEEDS.nextLong());

    private final boolean flushToDevice;

    private final int subtask;

    private LogRecordWriter(LogWriter writer, Codec<T> codec, boolean flushToDevice, int subtask) {
        this.subtask = subtask;
        this.writer = writer;
        this.codec = codec;
        this.flushToDevice = flushToDevice;
    }

    /**
     * Opens the queue of subtask {@code subtask} of the log in {@code logDir}; with
     * {@code flushToDevice} every {@link #sync()} puts what was appended on the device.
     */
    static <T> LogRecordWriter<T> open(Path logDir, int subtask, Codec<T> codec, boolean flushToDevice) {
        return new LogRecordWriter<>(LogWriter.open(logDir, subtask), codec, flushToDevice, subtask);
    }

    /** A new random transaction id, never the auto-commit id. */
    long newTransactionId() {
        long id;
        do {
            id = transactionIds.nextLong();
        } while (id == LogDocumentDescriptor.AUTO_COMMIT_TXN_ID);
        return id;
    }

    /** Appends {@code value} as a record of transaction {@code txnId} and returns its queue index. */
    long append(long txnId, T value, long timestamp) {
        int length = encode(value);
        return writer.appendRecord(txnId, timestamp, buffer.byteArray(), 0, length);
    }

    void commit(long txnId) {
        writer.appendCommit(txnId);
    }

    /**
     * Makes what was appended durable: on the device, or (page-cache durability) past a process
     * crash, which it already is: the queue's pages are a shared file mapping. Chronicle's
     * {@code sync()} was an {@code msync(MS_ASYNC)}, a no-op on Linux that still takes the process's
     * mapping lock, twice per checkpoint on the sink's task thread, behind Chronicle unmapping a
     * finished 80 MB chunk for up to 10 ms.
     */
    void sync() {
        if (flushToDevice) {
            writer.syncToDevice();
        }
    }

    /** The queue index of the last document a power cut cannot lose (see {@link LogWriter#lastIndexOnDevice()}). */
    long lastIndexOnDevice() {
        return writer.lastIndexOnDevice();
    }

    long lastIndexAppended() {
        return writer.lastIndexAppended();
    }

    long lastIndexInQueue() {
        return writer.lastIndexInQueue();
    }

    /** The subtask whose queue this writer appends to. */
    int subtask() {
        return subtask;
    }

    @Override
    public void close() {
        writer.close();
    }

    private int encode(T value) {
        while (true) {
            int written = codec.encode(value, buffer, 0, buffer.capacity());
            if (written != Codec.DOES_NOT_FIT) {
                return written;
            }
            if (buffer.capacity() >= MAX_RECORD_BYTES) {
                throw new IllegalArgumentException("a record of " + codec.type().getSimpleName() + " does not fit in "
                    + MAX_RECORD_BYTES + " bytes, the largest log record (16 MiB less its header); write smaller records,"
                    + " e.g. split the value or keep large payloads elsewhere and log a reference");
            }
            buffer.checkLimit(Math.min(buffer.capacity() * 2, MAX_RECORD_BYTES));
        }
    }
}
