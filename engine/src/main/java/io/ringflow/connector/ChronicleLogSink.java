package io.ringflow.connector;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.connector.Sink;
import io.ringflow.api.connector.SinkContext;
import io.ringflow.api.connector.SinkWriter;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes records into a Chronicle log: one queue per sink subtask in {@code <dir>/subtask-<i>},
 * each record encoded by the given codec. Read the log with {@link ChronicleLogReader}, or replay
 * it read-committed in a job with {@link ChronicleLogSource}.
 *
 * <pre>{@code
 * stream.sinkTo(ChronicleLogSink.exactlyOnce(Path.of("orders-log"), Codecs.forClass(Order.class)));
 * List<Order> orders = ChronicleLogReader.readCommitted(Path.of("orders-log"), Codecs.forClass(Order.class));
 * }</pre>
 */
public final class ChronicleLogSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;
    private final String logDir;
    private final Codec<T> codec;
    private final ExactlyOnceLogSink<T> transactional;

    private ChronicleLogSink(Path logDir, Codec<T> codec, boolean exactlyOnce) {
        this.logDir = Objects.requireNonNull(logDir, "log directory must not be null").toString();
        this.codec = Objects.requireNonNull(codec, "codec of the log records must not be null");
        this.transactional = exactlyOnce ? new ExactlyOnceLogSink<>(logDir, codec) : null;
    }

    /**
     * A sink whose records become visible to {@link ChronicleLogReader#readCommitted} only when
     * the checkpoint after them completes (or, without checkpointing, when the input ends): each
     * record is visible exactly once, whatever failures and restores happen.
     */
    public static <T> ChronicleLogSink<T> exactlyOnce(Path dir, Codec<T> codec) {
        return new ChronicleLogSink<>(dir, codec, true);
    }

    /**
     * A sink whose records are visible as soon as they are written: none is lost, but the
     * records after the last completed checkpoint are written again after a recovery.
     */
    public static <T> ChronicleLogSink<T> atLeastOnce(Path dir, Codec<T> codec) {
        return new ChronicleLogSink<>(dir, codec, false);
    }

    @Override
    public boolean commitsAtCheckpoints() {
        return isExactlyOnce();
    }

    /** True for a sink made by {@link #exactlyOnce}. */
    public boolean isExactlyOnce() {
        return transactional != null;
    }

    /** The log directory. */
    public Path directory() {
        return Path.of(logDir);
    }

    @Override
    public SinkWriter<T> createWriter(SinkContext context) throws Exception {
        if (transactional != null) {
            return transactional.createWriter(context);
        }
        return new AtLeastOnceLogWriter<>(LogRecordWriter.open(LogReplay.sinkDirectory(logDir, codec), context.subtaskIndex(),
            codec,
            context.isFlushToDevice()));
    }
}
