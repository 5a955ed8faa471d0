/** Flink's {@code FileSink} for rows: part files per bucket, committed exactly once at checkpoints. */
package io.ringflow.connector.file;
