package io.ringflow.storage;

import io.ringflow.storage.file.MappedFileWriter;
import io.ringflow.storage.file.StreamFile;
import io.ringflow.storage.layout.CheckpointLayout;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * File merging within one checkpoint: the streams one subtask writes for it (in-flight records,
 * keyed state, timers) are ranges of one file in the checkpoint's directory instead of a file
 * each, and under {@code flush} that file is forced once, when {@link #finishAll} ends it, instead
 * of once per stream.
 *
 * <p>Design note: a file costs a spare's rename, an unmap and a truncate (about 0.15 ms each
 * time here), and under {@code flush} a device force (about 0.8 ms); the snapshot writer writes a
 * subtask's streams one after the other and then acknowledges, so one file and one force per
 * subtask cover them. A range is not durable until its file is finished: the snapshot writer
 * finishes the files before it acknowledges, and the commit finishes any left before it writes
 * the metadata. The file lives and dies with the checkpoint's directory; each starts with
 * {@link SharedLog#MAGIC}, so no range starts at offset 0 (which names a whole file). A second
 * stream of a subtask while one is being written gets a file of its own.
 */
final class SubtaskFiles {
    private final Path dir;
    private final Function<Path, MappedFileWriter> files;
    private final Map<String, SubtaskFile> bySubtask = new HashMap<>(); // guarded by this

    /** Files in checkpoint directory {@code dir}, made by {@code files} (a spare or a new file). */
    SubtaskFiles(Path dir, Function<Path, MappedFileWriter> files) {
        this.dir = dir;
        this.files = files;
    }

    /**
     * A range of the file of the subtask {@code sharedFileName} is for (a name made by
     * {@link CheckpointLayout#sharedStateFileName}), or null when that file is busy or finished:
     * then the stream takes a file of its own.
     */
    synchronized StreamFile claim(String sharedFileName) {
        String subtask = CheckpointLayout.sharedFileSubtask(sharedFileName);
        if (subtask == null) {
            return null;
        }
        SubtaskFile file = bySubtask.get(subtask);
        if (file == null) {
            file = new SubtaskFile(files.apply(dir.resolve(subtask + CheckpointLayout.SUBTASK_FILE_SUFFIX)));
            bySubtask.put(subtask, file);
        }
        return file.claim();
    }

    /** Ends every file: cut to its ranges, unmapped, and with {@code flush} forced; later claims get files of their own. */
    synchronized void finishAll(boolean flush) {
        for (SubtaskFile file : bySubtask.values()) {
            file.finish(flush);
        }
    }

    /** Unmaps every file without finishing it: the checkpoint's directory goes as a whole. Never throws. */
    synchronized void abortAll() {
        for (SubtaskFile file : bySubtask.values()) {
            file.abort();
        }
    }

    private static final class SubtaskFile {
        private final MappedFileWriter file;
        private Region writing;
        private boolean finished;

        SubtaskFile(MappedFileWriter file) {
            this.file = file;
            file.write(SharedLog.MAGIC, 0, SharedLog.MAGIC.length);
        }

        synchronized StreamFile claim() {
            if (finished || writing != null) {
                return null;
            }
            writing = new Region(this, file.length());
            return writing;
        }

        synchronized void finish(boolean flush) {
            if (!finished) {
                finished = true;
                writing = null;
                file.finish(flush);
            }
        }

        synchronized void abort() {
            if (!finished) {
                finished = true;
                writing = null;
                file.abort();
            }
        }

        synchronized void write(Region region, byte[] src, int offset, int count) {
            checkCurrent(region);
            file.write(src, offset, count);
        }

        synchronized long end(Region region) {
            checkCurrent(region);
            writing = null;
            return file.length() - region.start;
        }

        synchronized void drop(Region region) {
            if (writing == region) {
                writing = null;
            }
        }

        synchronized long written(Region region) {
            return writing == region ? file.length() - region.start : 0;
        }

        private void checkCurrent(Region region) {
            if (writing != region) {
                throw new CheckpointStorageException(file.path() + ": the checkpoint's subtask file was "
                    + (finished ? "finished" : "given to another stream") + " while this stream was being written");
            }
        }
    }

    /** One stream's bytes in a subtask file; durable once the file is finished, not at its own finish. */
    private static final class Region implements StreamFile {
        private final SubtaskFile owner;
        private final long start;
        private long length = -1; // known once ended

        Region(SubtaskFile owner, long start) {
            this.owner = owner;
            this.start = start;
        }

        @Override
        public void write(byte[] src, int offset, int count) {
            owner.write(this, src, offset, count);
        }

        @Override
        public Path path() {
            return owner.file.path();
        }

        @Override
        public long offset() {
            return start;
        }

        @Override
        public long length() {
            return length >= 0 ? length : owner.written(this);
        }

        @Override
        public void finish(boolean flush) {
            length = owner.end(this); // forced with the file, by SubtaskFiles.finishAll
        }

        @Override
        public void abort() {
            owner.drop(this);
        }
    }
}
