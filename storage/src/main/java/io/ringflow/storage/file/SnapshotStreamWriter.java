package io.ringflow.storage.file;

import io.ringflow.storage.CheckpointStorageException;
import io.ringflow.storage.metadata.StreamHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.zip.CRC32C;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The write side shared by state and in-flight outputs: bytes go into a heap write buffer and
 * the CRC32C, and spill into a mapped file once the buffer is full. A stream that ends shorter
 * than the memory threshold never touches the disk and is inlined into the metadata.
 *
 * <p>Written by one thread at a time; {@link #abort()} may come from another (a checkpoint given
 * up while its snapshot is still being written), so everything that touches the mapped file is
 * synchronized and a stream aborted under its writer fails its next spill instead of writing
 * into memory that is no longer mapped.
 */
public final class SnapshotStreamWriter {
    private static final int INITIAL_CAPACITY = 4096;
    private static final int MAX_SPARE_CAPACITY = 1 << 20; // a heap storage's stream may grow far larger: not kept
    private static final VarHandle INT_VIEW = MethodHandles.byteArrayViewVarHandle(int[].class,
        SnapshotFileDescriptor.BYTE_ORDER);

    /**
     * One write buffer kept per thread between streams: a checkpoint every millisecond opened
     * several streams each time, each growing a new buffer from 4 KB (W5: the snapshot writer
     * allocated about 100 KB a checkpoint, 1.3 GB in 15 s).
     */
    private static final ThreadLocal<ExpandableArrayBuffer> SPARE_BUFFER = new ThreadLocal<>();

    private ExpandableArrayBuffer buffer; // null once finished: given back for the thread's next stream
    private final int bufferLimit;
    private final int inlineThreshold;
    private final Supplier<? extends StreamFile> fileFactory;
    private final boolean flush;
    private String handlePrefix = ""; // how the metadata reaches the file from the checkpoint's directory
    private java.nio.file.Path checkpointDir; // when set, the file is named relative to it instead
    private final CRC32C crc = new CRC32C();
    private final UnsafeBuffer heapSource = new UnsafeBuffer(0, 0);
    private StreamFile file;
    private int buffered;
    private long spilled;
    private volatile boolean aborted;
    private volatile CompletableFuture<Void> forcing; // a large file's finish, run by FileForces

    private SnapshotStreamWriter(int bufferLimit, int inlineThreshold, Supplier<? extends StreamFile> fileFactory,
                                 boolean flush) {
        this.bufferLimit = bufferLimit;
        this.inlineThreshold = inlineThreshold;
        this.fileFactory = fileFactory;
        this.flush = flush;
        ExpandableArrayBuffer spare = SPARE_BUFFER.get();
        if (spare != null) { // a larger one than this stream's limit is fine: writes stop at the limit
            SPARE_BUFFER.set(null);
            this.buffer = spare;
        } else {
            this.buffer = new ExpandableArrayBuffer(Math.min(bufferLimit, INITIAL_CAPACITY));
        }
    }

    /** Whether this thread holds a write buffer for its next stream; for tests. */
    static boolean threadHasSpareBuffer() {
        return SPARE_BUFFER.get() != null;
    }

    /** On the writing thread, once no byte of the buffer is needed any more. */
    private void giveBackBuffer() {
        ExpandableArrayBuffer done = buffer;
        buffer = null;
        if (done.capacity() <= MAX_SPARE_CAPACITY && SPARE_BUFFER.get() == null) {
            SPARE_BUFFER.set(done);
        }
    }

    /** A stream that spills into the file {@code fileFactory} creates once past the buffer. */
    public static SnapshotStreamWriter toFile(int writeBufferSize, int inlineThreshold,
                                              Supplier<? extends StreamFile> fileFactory, boolean flush) {
        return new SnapshotStreamWriter(Math.max(writeBufferSize, Math.max(inlineThreshold, 64)), inlineThreshold,
            fileFactory, flush);
    }

    /**
     * A stream that always becomes a file, named in the metadata as {@code handlePrefix} and the
     * file's name: a shared file, which later checkpoints refer to by name, is never inlined.
     */
    public static SnapshotStreamWriter toSharedFile(int writeBufferSize, Supplier<? extends StreamFile> fileFactory,
                                                    boolean flush, String handlePrefix) {
        SnapshotStreamWriter stream = new SnapshotStreamWriter(Math.max(writeBufferSize, 64), 0, fileFactory, flush);
        stream.handlePrefix = handlePrefix;
        return stream;
    }

    /**
     * Names its file in the metadata relative to {@code checkpointDir}: a file there by its name,
     * a range of a shared log as {@code ../shared/<name>}.
     */
    public SnapshotStreamWriter namedFrom(java.nio.file.Path checkpointDir) {
        this.checkpointDir = checkpointDir;
        return this;
    }

    /** A stream that stays on the heap whatever its size: the {@code jobmanager} storage. */
    public static SnapshotStreamWriter onHeap() {
        return new SnapshotStreamWriter((int) SnapshotFileDescriptor.MAX_STREAM_LENGTH, Integer.MAX_VALUE, null, false);
    }

    /** Bytes written so far: the offset of the next byte. */
    public long position() {
        return spilled + buffered;
    }

    public void putInt(int value) {
        ensure(Integer.BYTES);
        buffer.putInt(buffered, value, SnapshotFileDescriptor.BYTE_ORDER);
        buffered += Integer.BYTES;
    }

    public void putLong(long value) {
        ensure(Long.BYTES);
        buffer.putLong(buffered, value, SnapshotFileDescriptor.BYTE_ORDER);
        buffered += Long.BYTES;
    }

    public void putBytes(DirectBuffer src, int offset, int length) {
        int done = 0;
        while (done < length) {
            ensure(1);
            int count = Math.min(length - done, bufferLimit - buffered);
            buffer.putBytes(buffered, src, offset + done, count);
            buffered += count;
            done += count;
        }
    }

    /**
     * An int length, then {@code length} bytes of {@code src}: an in-flight record. Thousands come
     * per checkpoint, so one bounds check when it fits the buffer, not one per field.
     */
    public void putLengthPrefixed(DirectBuffer src, int offset, int length) {
        int end = buffered + Integer.BYTES + length;
        if (end <= bufferLimit && end <= buffer.capacity() && spilled + end <= SnapshotFileDescriptor.MAX_STREAM_LENGTH) {
            byte[] array = buffer.byteArray();
            INT_VIEW.set(array, buffered, length);
            src.getBytes(offset, array, buffered + Integer.BYTES, length);
            buffered = end;
        } else {
            putInt(length);
            putBytes(src, offset, length);
        }
    }

    public void putBytes(byte[] src, int offset, int length) {
        heapSource.wrap(src, offset, length);
        putBytes(heapSource, 0, length);
    }

    /**
     * Ends the stream: inline bytes when short and allowed, otherwise the finished file. A large
     * file under {@code flush} is forced on another thread ({@link FileForces}) while this one
     * waits, so that an {@link #abort} ends the wait at once: a failover then does not wait for
     * the device to take a checkpoint already given up (W4: 36 MB, about 100 ms).
     */
    public StreamHandle finish() {
        StreamFile finishing;
        synchronized (this) {
            checkNotAborted();
            if (file == null && buffered < inlineThreshold) {
                byte[] bytes = Arrays.copyOf(buffer.byteArray(), buffered);
                giveBackBuffer();
                crc.update(bytes);
                return StreamHandle.inline(bytes, (int) crc.getValue());
            }
            spill();
            giveBackBuffer();
            finishing = file;
            if (!flush || finishing.length() < FileForces.MIN_BYTES) {
                finishing.finish(flush);
                return handle(finishing);
            }
        }
        CompletableFuture<Void> force = FileForces.finish(finishing);
        forcing = force;
        if (aborted) { // abort() may have looked for a force before this one was set
            force.cancel(false);
        }
        try {
            force.join();
        } catch (CancellationException e) {
            checkNotAborted(); // cancelled only by an abort
            throw e;
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        synchronized (this) {
            checkNotAborted();
            return handle(finishing);
        }
    }

    private StreamHandle handle(StreamFile finished) {
        String name = checkpointDir == null ? handlePrefix + finished.path().getFileName()
            : checkpointDir.relativize(finished.path()).toString();
        return StreamHandle.range(name, finished.offset(), finished.length(), (int) crc.getValue());
    }

    /** Drops the stream and its file, if any; a {@link #finish} waiting for a large file's force stops waiting. */
    public void abort() {
        aborted = true;
        CompletableFuture<Void> force = forcing;
        if (force != null) {
            force.cancel(false); // the force itself runs to its end, on its own thread
        }
        synchronized (this) {
            if (file != null) {
                file.abort();
            }
        }
    }

    private void checkNotAborted() {
        if (aborted) {
            throw new CheckpointStorageException((file == null ? "stream" : file.path().toString())
                + ": the checkpoint was aborted while this stream was being written");
        }
    }

    private void ensure(int count) {
        if (buffered + count > bufferLimit) {
            spill();
        }
        if (position() + count > SnapshotFileDescriptor.MAX_STREAM_LENGTH) {
            throw new CheckpointStorageException((file == null ? "stream" : file.path().toString())
                + ": longer than the 2 GB a state or in-flight stream may hold; raise the parallelism");
        }
    }

    private synchronized void spill() {
        checkNotAborted();
        if (fileFactory == null) {
            throw new CheckpointStorageException("heap stream is full at " + position() + " bytes");
        }
        if (file == null) {
            file = fileFactory.get();
        }
        crc.update(buffer.byteArray(), 0, buffered);
        file.write(buffer.byteArray(), 0, buffered);
        spilled += buffered;
        buffered = 0;
    }
}
