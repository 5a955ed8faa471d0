package io.ringflow.api;

import io.ringflow.connector.DiscardingSink;
import io.ringflow.storage.StorageOptions;
import io.ringflow.testing.Jobs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Flink 2's names for what the API also calls otherwise, so that a ported job compiles and means the same. */
class FlinkNamesTest {
    @Test
    void environmentRetentionAndUnnamedAsyncExecution(@TempDir Path dir) throws Exception {
        StreamEnvironment env = StreamEnvironment.getExecutionEnvironment().enableCheckpointing(10);
        env.getCheckpointConfig().storage().checkpointsDir(dir);
        env.getCheckpointConfig().setExternalizedCheckpointRetention(
            CheckpointConfig.ExternalizedCheckpointRetention.NO_EXTERNALIZED_CHECKPOINTS);
        env.fromSequence(1, 100).sinkTo(DiscardingSink.create());
        JobClient job = env.executeAsync();
        assertEquals(JobStatus.FINISHED, job.await(Jobs.TIMEOUT).status());
        assertEquals(StorageOptions.CancelRetention.NO_EXTERNALIZED_CHECKPOINTS,
            env.getCheckpointConfig().storageOptions().cancelRetention());
    }
}
