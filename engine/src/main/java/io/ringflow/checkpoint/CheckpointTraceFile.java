package io.ringflow.checkpoint;

import io.ringflow.api.CheckpointTrace;
import io.ringflow.storage.layout.CheckpointLayout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a completed checkpoint's trace beside its files ({@link CheckpointLayout#TRACE_FILE}), for
 * {@code ringflow checkpoints show}. Not part of the checkpoint: restore never reads it, so a
 * failure to write it costs only the trace.
 */
final class CheckpointTraceFile {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointTraceFile.class);

    private CheckpointTraceFile() {
    }

    static void write(Path checkpointDir, CheckpointTrace trace) {
        try {
            Files.writeString(checkpointDir.resolve(CheckpointLayout.TRACE_FILE), trace.format(), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            // retention may already have removed the directory; the trace stays available from the JobClient
            LOG.debug("could not write the trace of checkpoint {} into {}: {}", trace.checkpointId(), checkpointDir, e.toString());
        }
    }
}
