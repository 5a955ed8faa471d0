package io.ringflow.storage.file;

import java.nio.file.Path;

/**
 * How much a directory's file system can still take. Writes into a mapped file on a full disk
 * fault instead of failing with an error, so writers ask this before they grow a file.
 */
@FunctionalInterface
public interface DiskSpace {
    /**
     * The file system's usable space, in bytes: one statvfs. ({@code Files.getFileStore} would
     * read the mount table first, about 100 µs a call and more on a busy machine, on every
     * checkpoint file.) A directory that does not exist counts as unlimited: the write that
     * follows fails naming it.
     */
    DiskSpace FILE_STORE = dir -> {
        long usable = dir.toFile().getUsableSpace();
        return usable == 0 && !java.nio.file.Files.isDirectory(dir) ? Long.MAX_VALUE : usable;
    };

    long usableBytes(Path dir);
}
