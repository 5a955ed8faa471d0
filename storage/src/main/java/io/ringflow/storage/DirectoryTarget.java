package io.ringflow.storage;

import io.ringflow.storage.file.DiskSpace;
import io.ringflow.storage.file.BackgroundThread;
import io.ringflow.storage.file.MappedFileWriter;
import io.ringflow.storage.file.SnapshotStreamWriter;
import io.ringflow.storage.file.SpareFiles;
import io.ringflow.storage.file.StreamFile;
import io.ringflow.storage.layout.CheckpointLayout;
import io.ringflow.storage.metadata.CheckpointMetadata;
import io.ringflow.storage.metadata.MetadataDescriptor;
import io.ringflow.storage.metadata.MetadataWriter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A checkpoint directory being written.
 *
 * <p>Design note: {@code _metadata} is written to {@code _metadata.inprogress}, forced, and
 * renamed into place; with {@code state.storage.fs.durability=flush} every stream file was
 * forced before, and the directory is forced after the rename, so a power cut leaves either no
 * {@code _metadata} or a whole checkpoint. The rename is the commit point.
 */
class DirectoryTarget implements CheckpointTarget {
    private final Path dir;
    private final StorageOptions options;
    private final DiskSpace diskSpace;
    private final Function<Supplier<CompletedCheckpoint>, CompletedCheckpoint> commitPolicy;
    private final java.util.Set<Path> sharedFiles = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final SpareFiles spares; // null: every file created when needed
    private final SharedLogs logs; // null: every stream a file of its own
    private final BackgroundThread cutter; // null: a file is unmapped and cut when finished
    private final SubtaskFiles subtaskFiles; // null: no file merging within the checkpoint
    private volatile boolean sharedDirExists;

    private final Runnable retention;

    /**
     * @param commitPolicy runs the metadata write it is given, with what must happen around
     *                     it atomically (a subsumption check before)
     */
    DirectoryTarget(Path dir, StorageOptions options, DiskSpace diskSpace,
                    Function<Supplier<CompletedCheckpoint>, CompletedCheckpoint> commitPolicy) {
        this(dir, options, diskSpace, null, null, null, commitPolicy, () -> { });
    }

    /**
     * @param spares files made ahead on the same file system, renamed into streams; null for none
     * @param logs   the job's shared logs, which take shared streams; null for a file per shared stream
     * @param cutter unmaps and cuts finished files under {@code page-cache}; null to do it at once
     * @param retention what {@link #applyRetention} runs
     */
    DirectoryTarget(Path dir, StorageOptions options, DiskSpace diskSpace, SpareFiles spares, SharedLogs logs,
                    BackgroundThread cutter, Function<Supplier<CompletedCheckpoint>, CompletedCheckpoint> commitPolicy,
                    Runnable retention) {
        this.dir = dir;
        this.options = options;
        this.diskSpace = diskSpace;
        this.spares = spares;
        this.logs = logs;
        this.cutter = flush() ? null : cutter;
        this.commitPolicy = commitPolicy;
        this.retention = retention;
        this.subtaskFiles = logs != null && options.fileMerging() && !options.fileMergingAcrossCheckpoints()
            ? new SubtaskFiles(dir, this::createFile) : null;
    }

    @Override
    public SnapshotStreamWriter newStream(String fileName, Supplier<String> logName) {
        if (logs == null || logName == null || !options.fileMerging()) {
            return SnapshotStreamWriter.toFile(options.writeBufferSize(), options.memoryThreshold(),
                () -> createFile(dir.resolve(fileName)), flush());
        }
        if (subtaskFiles != null) { // the subtask's file of this checkpoint when it is free, else a file of its own
            return SnapshotStreamWriter.toFile(options.writeBufferSize(), options.memoryThreshold(), () -> {
                StreamFile range = subtaskFiles.claim(logName.get());
                return range != null ? range : createFile(dir.resolve(fileName));
            }, flush()).namedFrom(dir);
        }
        // the subtask's open log when it is free, else a file of its own here
        return SnapshotStreamWriter.toFile(options.writeBufferSize(), options.memoryThreshold(), () -> {
            ensureSharedDir();
            StreamFile range = logs.claim(logName.get(), flush());
            return range != null ? range : createFile(dir.resolve(fileName));
        }, flush()).namedFrom(dir);
    }

    @Override
    public SnapshotStreamWriter newScratchStream(String fileName) {
        Path file = dir.resolve(fileName);
        return SnapshotStreamWriter.toFile(options.writeBufferSize(), 0, () -> MappedFileWriter.create(file, diskSpace), false);
    }

    @Override
    public void deleteScratch(String fileName) {
        new java.io.File(dir.toFile(), fileName).delete(); // java.io: no exception when missing
    }

    @Override
    public SnapshotStreamWriter newSharedStream(String fileName) {
        Path file = ensureSharedDir().resolve(fileName);
        return SnapshotStreamWriter.toSharedFile(options.writeBufferSize(),
            () -> sharedFile(file), flush(), CheckpointLayout.SHARED_PREFIX);
    }

    private Path ensureSharedDir() {
        Path shared = CheckpointLayout.sharedDir(dir.getParent());
        if (sharedDirExists) {
            return shared;
        }
        try {
            if (!Files.isDirectory(shared)) { // createDirectories throws and catches an exception when it exists
                Files.createDirectories(shared);
            }
        } catch (IOException e) {
            throw new CheckpointStorageException(shared + ": cannot create the shared state directory: " + e, e);
        }
        sharedDirExists = true;
        return shared;
    }

    private StreamFile sharedFile(Path file) {
        StreamFile range = logs == null ? null : logs.claim(file.getFileName().toString(), flush());
        if (range != null) {
            return range;
        }
        sharedFiles.add(file);
        if (logs != null) {
            logs.fileCreated(); // before it exists: a sweep that read the count earlier lists shared/ next time
        }
        return createFile(file);
    }

    private MappedFileWriter createFile(Path path) {
        MappedFileWriter spare = spares == null ? null : spares.take(path);
        return (spare != null ? spare : MappedFileWriter.create(path, diskSpace)).cutLaterOn(cutter);
    }

    @Override
    public CompletedCheckpoint commit(CheckpointMetadata metadata) {
        return commitPolicy.apply(() -> writeMetadata(metadata));
    }

    @Override
    public void applyRetention() {
        retention.run();
    }

    @Override
    public void finishMergedFiles() {
        if (subtaskFiles != null) {
            subtaskFiles.finishAll(flush());
        }
    }

    private CompletedCheckpoint writeMetadata(CheckpointMetadata metadata) {
        finishMergedFiles(); // those the snapshot writer has not finished: no range counts before its file is
        checkSharedFilesExist(metadata);
        CpuSlices.between();
        // java.io rather than NIO channels: a commit every second runs this interpreted, and the
        // fewer layers cost 40 % less here. A retired checkpoint's metadata file left in this
        // directory, when it was renamed from one, is written over where it is: under a name that
        // is not _metadata, it is no checkpoint until the rename below, as an in-progress file is
        // not (one rename a commit, not two). Padded to its length, so that it is rarely cut.
        java.io.File retired = new java.io.File(dir.toFile(), MetadataDescriptor.RETIRED_NAME);
        long retiredLength = retired.length(); // 0 when missing
        boolean reused = retiredLength > 0 || retired.isFile();
        MetadataWriter.Encoded encoded = MetadataWriter.encodeReusing(metadata, retiredLength);
        CpuSlices.between();
        Path inProgress = reused ? retired.toPath() : dir.resolve(MetadataDescriptor.IN_PROGRESS_NAME);
        int length = encoded.length();
        if (diskSpace.usableBytes(dir) < length) {
            throw new CheckpointStorageException(inProgress + ": disk full, cannot write " + length + " bytes");
        }
        java.io.File inProgressFile = reused ? retired : inProgress.toFile();
        if (!reused && inProgressFile.exists()) {
            throw new CheckpointStorageException(inProgress + ": cannot write metadata: the file already exists");
        }
        try (java.io.RandomAccessFile file = new java.io.RandomAccessFile(inProgressFile, "rw")) {
            file.write(encoded.bytes(), 0, length);
            if (reused && retiredLength > length) {
                file.setLength(length);
            }
            if (flush()) {
                file.getFD().sync();
            }
        } catch (IOException e) {
            throw new CheckpointStorageException(inProgress + ": cannot write metadata: " + e, e);
        }
        Path target = dir.resolve(MetadataDescriptor.NAME);
        if (!inProgressFile.renameTo(target.toFile())) { // rename(2), atomic; NIO again only to learn why not
            try {
                Files.move(inProgress, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new CheckpointStorageException(target + ": cannot rename metadata into place: " + e, e);
            }
        }
        if (flush()) {
            forceDirectory(dir);
            forceDirectory(dir.getParent());
        }
        return new CompletedCheckpoint(dir, metadata, dir.toString());
    }

    /**
     * A checkpoint refers to shared files: earlier links of an incremental chain, which retention
     * may have deleted meanwhile (a task that had not yet heard of a newer checkpoint), and ranges
     * of logs. Whatever the cause, a checkpoint naming a file that is gone must not complete.
     * Runs under the storage's lock, as retention does.
     */
    private void checkSharedFilesExist(CheckpointMetadata metadata) {
        java.util.Set<String> seen = new java.util.HashSet<>(); // a log holds many ranges: one look per file
        for (io.ringflow.storage.metadata.OperatorMetadata operator : metadata.operators()) {
            for (io.ringflow.storage.metadata.SubtaskMetadata subtask : operator.subtasks()) {
                for (io.ringflow.storage.metadata.StreamHandle stream : subtask.keyedStreams()) {
                    checkExists(stream, seen, () -> operator.uid() + "#" + subtask.subtask());
                }
            }
        }
        for (io.ringflow.storage.metadata.ChannelStateMetadata channel : metadata.channels()) {
            checkExists(channel.records(), seen, () -> "in-flight records of " + channel.channel());
        }
    }

    /** {@code of} names the stream's owner, built only for the error. */
    private void checkExists(io.ringflow.storage.metadata.StreamHandle stream, java.util.Set<String> seen,
                             java.util.function.Supplier<String> of) {
        if (!stream.isInline() && CheckpointLayout.isShared(stream.fileName()) && seen.add(stream.fileName())
            && !new java.io.File(dir.toFile(), stream.fileName()).exists()) { // java.io: no exception when missing
            throw new CheckpointStorageException(dir + ": shared state file " + stream.fileName() + " of " + of.get()
                + " was deleted by retention before this checkpoint completed; the next checkpoint of that subtask"
                + " is written in full");
        }
    }

    @Override
    public void abort() {
        if (subtaskFiles != null) {
            subtaskFiles.abortAll();
        }
        for (Path file : sharedFiles) {
            try {
                Files.deleteIfExists(file); // written for this checkpoint only: no other one refers to it yet
            } catch (IOException e) {
                options.warnings().accept(file + ": shared file of an aborted checkpoint not removed: " + e);
            }
        }
        IOException failure = CheckpointLayout.deleteTree(dir);
        if (failure != null) {
            options.warnings().accept(dir + ": aborted checkpoint not fully removed: " + failure);
        }
    }

    @Override
    public String label() {
        return dir.toString();
    }

    private boolean flush() {
        return options.durability() == StorageOptions.Durability.FLUSH;
    }

    /** Makes a rename or a new entry durable: fsync on the directory itself. */
    static void forceDirectory(Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            throw new CheckpointStorageException(dir + ": cannot flush directory: " + e, e);
        }
    }
}
