package io.ringflow.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Configuration files: flat lines, properties and Flink 2's nested YAML all read as Flink reads them. */
class ConfigFileTest {
    @TempDir
    Path dir;

    @Test
    void shouldReadFlinkTwosNestedYamlAsTheFlatKeysAndApplyThem() throws IOException {
        Path file = Files.writeString(dir.resolve("config.yaml"), String.join("\n",
            "execution:",
            "  checkpointing:",
            "    interval: 100 ms",
            "state:",
            "  checkpoints:",
            "    dir: file://" + dir, ""));

        assertEquals(Map.of("execution.checkpointing.interval", "100 ms", "state.checkpoints.dir", "file://" + dir),
            ConfigFile.read(file));
        CheckpointConfig config = StreamEnvironment.create().configure(file).getCheckpointConfig();
        assertTrue(config.isCheckpointingEnabled(), "checkpointing is on");
        assertEquals(100, config.getCheckpointInterval());
        assertEquals(dir, config.storageOptions().checkpointsDir());
    }

    @Test
    void shouldReadFlinkTwosOwnKeyNamesInTheNestedForm() throws IOException {
        Path file = Files.writeString(dir.resolve("config.yaml"), String.join("\n",
            "execution:",
            "  checkpointing:",
            "    interval: 1 s",
            "    dir: " + dir,
            "    num-retained: 2",
            "    unaligned:",
            "      enabled: true", ""));

        CheckpointConfig config = StreamEnvironment.create().configure(file).getCheckpointConfig();
        assertEquals(1000, config.getCheckpointInterval());
        assertEquals(dir, config.storageOptions().checkpointsDir());
        assertEquals(2, config.storageOptions().numRetained());
        assertTrue(config.isUnalignedCheckpointsEnabled());
    }

    @Test
    void shouldReadEveryFormTogetherWithCommentsAndQuotes() {
        Map<String, String> read = ConfigFile.parse("mixed.yaml", List.of(
            "---",
            "# Ringflow job",
            "parallelism.default=4",
            "execution:",
            "  checkpointing.mode: AT_LEAST_ONCE   # dotted keys nest too",
            "",
            "  checkpointing:",
            "      timeout: '1 min'",
            "      min-pause: \"10 ms\"  # quoted, then a comment",
            "state:  # a comment on a mapping",
            "  savepoints.dir: \"/tmp/a#b\"",
            "  checkpoints.dir: file:///tmp/c#d",
            "  checkpoint-storage: 'it''s'",
            "pipeline.auto-watermark-interval: \"50\\tms\""));

        assertEquals(Map.of(
            "parallelism.default", "4",
            "execution.checkpointing.mode", "AT_LEAST_ONCE",
            "execution.checkpointing.timeout", "1 min",
            "execution.checkpointing.min-pause", "10 ms",
            "state.savepoints.dir", "/tmp/a#b",
            "state.checkpoints.dir", "file:///tmp/c#d",
            "state.checkpoint-storage", "it's",
            "pipeline.auto-watermark-interval", "50\tms"), read);
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {
        "pipeline:\\n  jars:\\n    - a.jar                    | 3 | a list under pipeline.jars is not supported",
        "pipeline.jars: [a.jar, b.jar]                          | 1 | inline lists and mappings are not supported",
        "execution:\\n\\tcheckpointing.interval: 1 s            | 2 | a tab in the indentation",
        "execution:\\n    checkpointing:\\n      interval: 1 s\\n  mode: EXACTLY_ONCE | 4 | matches no key above",
        "execution.checkpointing.interval: 1 s\\nexecution:\\n  checkpointing:\\n    interval: 2 s | 4 | already set on line 1",
        "state:\\n  checkpoints:\\n    dir:\\nparallelism.default: 2 | 3 | state.checkpoints.dir has no value",
        "state.checkpoints.dir:                                 | 1 | state.checkpoints.dir has no value",
        "state.checkpoints.dir: \"/tmp/x                        | 1 | has no closing \"",
        "state.checkpoints.dir: '/tmp/x' y                      | 1 | unexpected 'y'",
        "state.checkpoints.dir: >                               | 1 | multi-line values are not supported",
        "just some words                                        | 1 | expected 'key: value'"})
    void shouldRejectWhatNoKeyTakesNamingTheLine(String text, int line, String problem) {
        InvalidJobException e = assertThrows(InvalidJobException.class,
            () -> ConfigFile.parse("bad.yaml", List.of(text.replace("\\n", "\n").replace("\\t", "\t").split("\n"))));
        assertTrue(e.getMessage().startsWith("bad.yaml:" + line + ": ") && e.getMessage().contains(problem), e.getMessage());
    }

    /** A byte-order mark read as part of the first key ("unknown key \uFEFFexecution..."), and a missing file named only by itself. */
    @Test
    void shouldReadAFileWithAByteOrderMarkAndNameAMissingOne() throws IOException {
        Path file = Files.writeString(dir.resolve("bom.yaml"), "\uFEFFexecution.checkpointing.interval: 250 ms\n");
        StreamEnvironment env = StreamEnvironment.create().configure(file);
        assertEquals(250, env.getCheckpointConfig().getCheckpointInterval());
        InvalidJobException missing = org.junit.jupiter.api.Assertions.assertThrows(InvalidJobException.class,
            () -> StreamEnvironment.create().configure(dir.resolve("missing.yaml")));
        assertTrue(missing.getMessage().contains("missing.yaml does not exist"), missing.getMessage());
    }
}
