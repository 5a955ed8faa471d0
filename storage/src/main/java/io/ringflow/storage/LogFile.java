package io.ringflow.storage;

import io.ringflow.storage.file.BackgroundThread;
import io.ringflow.storage.file.DiskSpace;
import io.ringflow.storage.file.MappedFileWriter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** One file of a {@link SharedLog}: its mapping, a channel kept open to force it, how far its pages are populated. */
final class LogFile {
    final MappedFileWriter writer;
    private final FileChannel channel;
    long populatedUpTo;

    private LogFile(MappedFileWriter writer, FileChannel channel) {
        this.writer = writer;
        this.channel = channel;
    }

    /**
     * Creates {@code path} mapped {@code mappedBytes} at once and writes {@link SharedLog#MAGIC};
     * {@code cutter}, when given, unmaps and cuts it after {@link #close()}.
     */
    static LogFile create(Path path, DiskSpace diskSpace, long mappedBytes, BackgroundThread cutter) {
        MappedFileWriter created = MappedFileWriter.create(path, diskSpace, mappedBytes);
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.WRITE);
        } catch (IOException e) {
            created.abort();
            throw new CheckpointStorageException(path + ": cannot open shared log: " + e, e);
        }
        LogFile log = new LogFile(cutter == null ? created : created.cutLaterOn(cutter), channel);
        try {
            log.writeMagic();
        } catch (RuntimeException e) {
            log.abort();
            throw e;
        }
        return log;
    }

    /** Written again from its start: its pages stay mapped and populated, so links write them without faults. */
    void restart() {
        writer.restart();
        writeMagic();
    }

    private void writeMagic() {
        writer.write(SharedLog.MAGIC, 0, SharedLog.MAGIC.length);
    }

    String name() {
        return writer.path().getFileName().toString();
    }

    long length() {
        return writer.length();
    }

    void force() {
        try {
            channel.force(true);
        } catch (IOException e) {
            throw new CheckpointStorageException(writer.path() + ": cannot flush shared log: " + e, e);
        }
    }

    /** No more links: cut to its length and unmapped, at once or on the cutter's thread. */
    void close() {
        closeChannel();
        writer.finish(false);
    }

    /** Unmapped and deleted; never throws. */
    void abort() {
        closeChannel();
        writer.abort();
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // finish reopens the file and reports what fails; abort deletes it
        }
    }
}
