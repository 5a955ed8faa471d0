package io.ringflow.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ringflow.api.CheckpointStatus;
import io.ringflow.api.CheckpointTrace;
import io.ringflow.storage.layout.CheckpointLayout;
import io.ringflow.storage.metadata.MetadataDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A trace goes beside a checkpoint still retained after the delay, or at the attempt's end; never beside a retired one. */
class CheckpointTraceFileTest {
    @TempDir
    Path root;

    private Path checkpoint(long id) throws Exception {
        Path dir = Files.createDirectories(root.resolve(CheckpointLayout.CHECKPOINT_PREFIX + id));
        Files.writeString(dir.resolve(MetadataDescriptor.NAME), "metadata");
        return dir;
    }

    private static CheckpointTrace trace(long id) {
        return new CheckpointTrace(id, 1_000, CheckpointStatus.COMPLETED, List.of(), 10, 20, 30, 40);
    }

    @Test
    void shouldWriteOnlyTheTracesOfCheckpointsStillRetainedOnceDue() throws Exception {
        CheckpointTraceFile files = new CheckpointTraceFile(2);
        Path first = checkpoint(1);
        Path second = checkpoint(2);
        files.completed(first, trace(1), 0);
        files.completed(second, trace(2), 5);
        Files.delete(first.resolve(MetadataDescriptor.NAME)); // retired by retention

        assertEquals(0, files.writeDue(CheckpointTraceFile.DELAY_NANOS - 1));
        assertFalse(Files.exists(second.resolve(CheckpointLayout.TRACE_FILE)), "not due yet");

        assertEquals(2, files.writeDue(CheckpointTraceFile.DELAY_NANOS + 5));
        assertFalse(Files.exists(first.resolve(CheckpointLayout.TRACE_FILE)), "a retired checkpoint gets no trace");
        assertEquals(trace(2).format(), Files.readString(second.resolve(CheckpointLayout.TRACE_FILE)));
    }

    @Test
    void shouldNotLookAtCheckpointsFollowedByNumRetainedNewerOnes() throws Exception {
        CheckpointTraceFile files = new CheckpointTraceFile(2);
        Path savepoints = Files.createDirectories(root.resolve("savepoints"));
        Path savepoint = Files.createDirectories(savepoints.resolve("savepoint-1"));
        Files.writeString(savepoint.resolve(MetadataDescriptor.NAME), "metadata");
        Path[] dirs = {checkpoint(1), checkpoint(2), checkpoint(3)};
        files.completed(dirs[0], trace(1), 0);
        files.completed(savepoint, trace(1), 0); // elsewhere: retires no checkpoint
        files.completed(dirs[1], trace(2), 0);
        files.completed(dirs[2], trace(3), 0);
        // were these looked at, their metadata would say "retained": the trace file trusts the count
        files.writeDue(CheckpointTraceFile.DELAY_NANOS);
        assertFalse(Files.exists(dirs[0].resolve(CheckpointLayout.TRACE_FILE)), "two newer ones completed: retired");
        assertTrue(Files.exists(savepoint.resolve(CheckpointLayout.TRACE_FILE)), "a savepoint is retired by nothing");
        assertTrue(Files.exists(dirs[1].resolve(CheckpointLayout.TRACE_FILE)));
        assertTrue(Files.exists(dirs[2].resolve(CheckpointLayout.TRACE_FILE)));
    }

    @Test
    void shouldWriteEveryRetainedTraceWhenTheAttemptEnds() throws Exception {
        CheckpointTraceFile files = new CheckpointTraceFile(2);
        Path third = checkpoint(3);
        files.completed(third, trace(3), System.nanoTime());
        files.writeAll();
        assertTrue(Files.exists(third.resolve(CheckpointLayout.TRACE_FILE)));
        assertEquals(trace(3).format(), Files.readString(third.resolve(CheckpointLayout.TRACE_FILE)));
    }
}
