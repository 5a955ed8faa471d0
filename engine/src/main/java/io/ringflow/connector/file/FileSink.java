package io.ringflow.connector.file;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.connector.SinkContext;
import io.ringflow.api.connector.TwoPhaseCommitSink;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * Rows into part files under a base path, exactly once, as Flink's {@code FileSink.forRowFormat}:
 * each record goes to the bucket its {@link BucketAssigner} names (a directory; by the hour of
 * processing time by default), into the bucket's in-progress part file, a hidden
 * {@code .<prefix>-<uuid>-<n><suffix>.inprogress}. At a checkpoint's barrier every in-progress file
 * is closed (Flink's {@code OnCheckpointRollingPolicy}; a {@link DefaultRollingPolicy} rolls them
 * before as well, by size, age and inactivity); once the checkpoint completes they are renamed to
 * {@code <prefix>-<uuid>-<n><suffix>} and visible. After a failure, the files the restored
 * checkpoint covered are committed and those begun after it are never made visible. Without
 * checkpointing, the files are committed when the input ends.
 *
 * <pre>{@code
 * stream.sinkTo(FileSink.forRowFormat(Path.of("/data/out"), new SimpleStringEncoder<String>())
 *     .withRollingPolicy(DefaultRollingPolicy.builder().withMaxPartSize(64 << 20).build())
 *     .build());
 * }</pre>
 */
public final class FileSink<IN> extends TwoPhaseCommitSink<IN, PartFiles> {
    private static final long serialVersionUID = 1L;
    private static final String IN_PROGRESS_SUFFIX = ".inprogress";

    private final String basePath; // a Path is not serializable
    private final Encoder<IN> encoder;
    private final BucketAssigner<IN> bucketAssigner;
    private final DefaultRollingPolicy rollingPolicy; // null: roll at checkpoints only
    private final OutputFileConfig fileConfig;
    private transient String uuid;
    private transient long partCounter;
    private transient boolean forceFiles;
    private transient long currentWatermark;
    private transient RecordContext bucketContext; // one per subtask, filled per record: no garbage per record

    private FileSink(RowFormatBuilder<IN> builder) {
        this.basePath = builder.basePath.toString();
        this.encoder = builder.encoder;
        this.bucketAssigner = builder.bucketAssigner;
        this.rollingPolicy = builder.rollingPolicy;
        this.fileConfig = builder.fileConfig;
    }

    public static <IN> RowFormatBuilder<IN> forRowFormat(Path basePath, Encoder<IN> encoder) {
        return new RowFormatBuilder<>(basePath, encoder);
    }

    @Override
    protected void open(SinkContext context) throws Exception {
        uuid = UUID.randomUUID().toString(); // names stay unique across subtasks and restarts
        forceFiles = context.isFlushToDevice();
        currentWatermark = Long.MIN_VALUE;
        Path base = Path.of(basePath);
        try {
            Files.createDirectories(base);
        } catch (IOException e) {
            throw new IOException(base + ": cannot create the file sink's base directory: " + e.getMessage(), e);
        }
    }

    @Override
    protected void writeWatermark(long watermark) {
        currentWatermark = watermark;
    }

    @Override
    protected PartFiles beginTransaction(SinkContext context) {
        return new PartFiles();
    }

    @Override
    protected void write(PartFiles transaction, IN value, long timestamp) throws Exception {
        long nowMs = System.currentTimeMillis();
        if (bucketContext == null) {
            bucketContext = new RecordContext();
        }
        bucketContext.nowMs = nowMs;
        bucketContext.timestamp = timestamp;
        String bucket = bucketAssigner.getBucketId(value, bucketContext);
        PartFiles.OpenPart part = transaction.open.get(bucket);
        if (part != null && rollingPolicy != null
            && rollingPolicy.shouldRoll(part.size, part.openedAtMs, part.lastWriteMs, nowMs)) {
            part.finish(forceFiles); // closed for good: under durability flush forced now, as at a barrier
            transaction.open.remove(bucket);
            part = null;
        }
        if (part == null) {
            part = openPart(transaction, bucket, nowMs);
        }
        encoder.encode(value, part);
        part.lastWriteMs = nowMs;
    }

    private PartFiles.OpenPart openPart(PartFiles transaction, String bucket, long nowMs) throws IOException {
        Path dir = bucket.isEmpty() ? Path.of(basePath) : Path.of(basePath).resolve(bucket);
        Files.createDirectories(dir);
        String name = fileConfig.getPartPrefix() + "-" + uuid + "-" + partCounter++ + fileConfig.getPartSuffix();
        Path inProgress = dir.resolve("." + name + IN_PROGRESS_SUFFIX);
        Path base = Path.of(basePath);
        transaction.add(base.relativize(inProgress).toString(), base.relativize(dir.resolve(name)).toString());
        PartFiles.OpenPart part = new PartFiles.OpenPart(new FileOutputStream(inProgress.toFile()), nowMs);
        transaction.open.put(bucket, part);
        return part;
    }

    @Override
    protected void preCommit(PartFiles transaction) throws Exception {
        for (PartFiles.OpenPart part : transaction.open.values()) {
            part.finish(forceFiles);
        }
        transaction.open.clear();
        if (forceFiles) { // the new files' names too, or a commit after a power loss finds none
            forceDirectories(transaction.inProgress);
        }
    }

    private void forceDirectories(java.util.List<String> files) throws IOException {
        java.util.Set<Path> dirs = new java.util.HashSet<>();
        Path base = Path.of(basePath);
        for (String name : files) {
            dirs.add(base.resolve(name).getParent());
        }
        for (Path dir : dirs) {
            try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(dir,
                java.nio.file.StandardOpenOption.READ)) {
                channel.force(true);
            }
        }
    }

    /** Renames each part file to its final name; a file already renamed is skipped, so it may run again. */
    @Override
    protected void commit(PartFiles transaction) throws Exception {
        Path base = Path.of(basePath);
        for (int i = 0; i < transaction.inProgress.size(); i++) {
            Path from = base.resolve(transaction.inProgress.get(i));
            Path to = base.resolve(transaction.committed.get(i));
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            } catch (NoSuchFileException e) {
                if (!Files.exists(to)) {
                    throw new IllegalStateException(from + ": a part file of a completed checkpoint is gone (neither in "
                        + "progress nor committed as " + to + "); something else deleted it, and its records are lost", e);
                }
            }
        }
        if (forceFiles && !transaction.committed.isEmpty()) {
            forceDirectories(transaction.committed);
        }
    }

    @Override
    protected void abort(PartFiles transaction) throws Exception {
        for (PartFiles.OpenPart part : transaction.open.values()) {
            try {
                part.finish(false);
            } catch (IOException ignored) {
                // deleted next
            }
        }
        transaction.open.clear();
        Path base = Path.of(basePath);
        for (String name : transaction.inProgress) {
            try {
                Files.deleteIfExists(base.resolve(name));
            } catch (IOException e) {
                throw new UncheckedIOException(base.resolve(name) + ": cannot delete an aborted part file", e);
            }
        }
    }

    @Override
    protected Codec<PartFiles> transactionCodec() {
        return new PartFiles.NamesCodec();
    }

    /** What the bucket assigner sees of the record being written. */
    private final class RecordContext implements BucketAssigner.Context {
        private long nowMs;
        private long timestamp;

        @Override
        public long currentProcessingTime() {
            return nowMs;
        }

        @Override
        public long currentWatermark() {
            return currentWatermark;
        }

        @Override
        public Long timestamp() {
            return timestamp == Long.MIN_VALUE ? null : timestamp;
        }
    }

    /** Builds a row-format file sink. */
    public static final class RowFormatBuilder<IN> {
        private final Path basePath;
        private final Encoder<IN> encoder;
        private BucketAssigner<IN> bucketAssigner = new DateTimeBucketAssigner<>();
        private DefaultRollingPolicy rollingPolicy = DefaultRollingPolicy.builder().build();
        private OutputFileConfig fileConfig = OutputFileConfig.builder().build();

        private RowFormatBuilder(Path basePath, Encoder<IN> encoder) {
            if (basePath == null || encoder == null) {
                throw new IllegalArgumentException("a file sink needs a base path and an encoder");
            }
            this.basePath = basePath;
            this.encoder = encoder;
        }

        public RowFormatBuilder<IN> withBucketAssigner(BucketAssigner<IN> assigner) {
            this.bucketAssigner = assigner;
            return this;
        }

        public RowFormatBuilder<IN> withRollingPolicy(DefaultRollingPolicy policy) {
            this.rollingPolicy = policy;
            return this;
        }

        /** Part files roll at checkpoints only (Flink's {@code OnCheckpointRollingPolicy}). */
        public RowFormatBuilder<IN> withRollingOnCheckpointOnly() {
            this.rollingPolicy = null;
            return this;
        }

        public RowFormatBuilder<IN> withOutputFileConfig(OutputFileConfig config) {
            this.fileConfig = config;
            return this;
        }

        public FileSink<IN> build() {
            return new FileSink<>(this);
        }
    }
}
