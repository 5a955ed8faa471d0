package io.ringflow.storage.file;

import java.nio.file.Path;

/** Where a stream's bytes go once they leave the heap: a file of its own, or a range of a shared log. */
public interface StreamFile {
    /** Appends {@code src[offset, offset + count)}. */
    void write(byte[] src, int offset, int count);

    /** The file the bytes are in. */
    Path path();

    /** Where this stream's bytes start in the file. */
    long offset();

    /** This stream's bytes written so far. */
    long length();

    /** Ends the stream; with {@code flush} its bytes are on the device when this returns. */
    void finish(boolean flush);

    /** Drops the stream; never throws. */
    void abort();
}
