package io.ringflow.connector;

import io.ringflow.api.codec.Codec;
import io.ringflow.storage.log.LogDocumentHandler;
import io.ringflow.storage.log.LogReader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads the records of a log that {@link ChronicleLogSink} wrote, every subtask queue in turn
 * (in subtask order, in append order within a queue). Each call reads what the log holds when
 * it starts; a job may still be writing.
 */
public final class ChronicleLogReader {
    private ChronicleLogReader() {
    }

    /**
     * The records of committed transactions (and of at-least-once writers): never a record of a
     * transaction without a commit, never one twice for a repeated commit.
     */
    public static <T> List<T> readCommitted(Path dir, Codec<T> codec) {
        List<T> records = new ArrayList<>();
        readCommitted(dir, codec, records::add);
        return records;
    }

    /** {@link #readCommitted(Path, Codec)}, streamed to {@code consumer} as records are decoded. */
    public static <T> void readCommitted(Path dir, Codec<T> codec, Consumer<T> consumer) {
        try (LogReader reader = LogReader.open(dir)) {
            reader.readCommitted(decoding(codec, consumer));
        }
    }

    /**
     * Every record, committed or not: the contents of an at-least-once log (on an exactly-once
     * log this includes records of aborted or still open transactions).
     */
    public static <T> List<T> readAll(Path dir, Codec<T> codec) {
        List<T> records = new ArrayList<>();
        readAll(dir, codec, records::add);
        return records;
    }

    /** {@link #readAll(Path, Codec)}, streamed to {@code consumer} as records are decoded. */
    public static <T> void readAll(Path dir, Codec<T> codec, Consumer<T> consumer) {
        try (LogReader reader = LogReader.open(dir)) {
            reader.readAll(decoding(codec, consumer));
        }
    }

    private static <T> LogDocumentHandler decoding(Codec<T> codec, Consumer<T> consumer) {
        return (index, txnId, timestamp, appendTimeMs, payload, length) -> consumer.accept(codec.decode(payload, 0, length));
    }
}
