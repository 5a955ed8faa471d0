package io.ringflow.storage.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How much a directory's file system can still take. Writes into a mapped file on a full disk
 * fault instead of failing with an error, so writers ask this before they grow a file.
 */
@FunctionalInterface
public interface DiskSpace {
    /** The file system's usable space, in bytes, as the JDK reports it. */
    DiskSpace FILE_STORE = dir -> {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    };

    long usableBytes(Path dir);
}
