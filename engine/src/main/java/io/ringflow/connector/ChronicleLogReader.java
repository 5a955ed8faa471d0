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
        return collect(records -> readCommitted(dir, codec, records));
    }

    /** {@link #readCommitted(Path, Codec)}, streamed to {@code consumer} as records are decoded. */
    public static <T> void readCommitted(Path dir, Codec<T> codec, Consumer<T> consumer) {
        read(dir, reader -> reader.readCommitted(decoding(codec, consumer)));
    }

    /**
     * Every record, committed or not: the contents of an at-least-once log (on an exactly-once
     * log this includes records of aborted or still open transactions).
     */
    public static <T> List<T> readAll(Path dir, Codec<T> codec) {
        return collect(records -> readAll(dir, codec, records));
    }

    /** {@link #readAll(Path, Codec)}, streamed to {@code consumer} as records are decoded. */
    public static <T> void readAll(Path dir, Codec<T> codec, Consumer<T> consumer) {
        read(dir, reader -> reader.readAll(decoding(codec, consumer)));
    }

    private static void read(Path dir, Consumer<LogReader> read) {
        try (LogReader reader = LogReader.open(dir)) {
            read.accept(reader);
        }
    }

    private static <T> List<T> collect(Consumer<Consumer<T>> read) {
        List<T> records = new ArrayList<>();
        read.accept(records::add);
        return records;
    }

    private static <T> LogDocumentHandler decoding(Codec<T> codec, Consumer<T> consumer) {
        return (index, txnId, timestamp, appendTimeMs, payload, length) -> consumer.accept(codec.decode(payload, 0, length));
    }
}
