package io.ringflow.api;

import io.ringflow.connector.DiscardingSink;
import io.ringflow.storage.StorageOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checkpoint options: invalid combinations fail when the job is built, naming the key and the
 * fix; every option can be set by its Flink key, from a map or a YAML file, with the setter's effect.
 */
class CheckpointConfigTest {
    @TempDir
    Path dir;

    static Stream<Arguments> invalidConfigurations() {
        return Stream.of(
            invalid("unaligned with at-least-once", c -> c.setCheckpointingMode(CheckpointingMode.AT_LEAST_ONCE)
                    .enableUnalignedCheckpoints(),
                Map.of(CheckpointConfig.MODE, "AT_LEAST_ONCE", CheckpointConfig.UNALIGNED, "true"),
                CheckpointConfig.UNALIGNED, "set the mode to EXACTLY_ONCE"),
            invalid("unaligned with two concurrent checkpoints", c -> c.enableUnalignedCheckpoints().setMaxConcurrentCheckpoints(2),
                Map.of(CheckpointConfig.UNALIGNED, "true", CheckpointConfig.MAX_CONCURRENT, "2"),
                CheckpointConfig.MAX_CONCURRENT, "set it to 1"),
            invalid("min pause with two concurrent checkpoints", c -> c.setMinPauseBetweenCheckpoints(50).setMaxConcurrentCheckpoints(2),
                Map.of(CheckpointConfig.MIN_PAUSE, "50 ms", CheckpointConfig.MAX_CONCURRENT, "2"),
                CheckpointConfig.MIN_PAUSE, "set one of them back"),
            invalid("interval below 10 ms", c -> c.setCheckpointInterval(9),
                Map.of(CheckpointConfig.INTERVAL, "9 ms"),
                CheckpointConfig.INTERVAL, "use a longer interval"),
            invalid("aligned timeout without unaligned", c -> c.setAlignedCheckpointTimeout(Duration.ofMillis(20)),
                Map.of(CheckpointConfig.ALIGNED_TIMEOUT, "20 ms"),
                CheckpointConfig.ALIGNED_TIMEOUT, "enable unaligned checkpoints"),
            invalid("timeout below 10 ms", c -> c.setCheckpointTimeout(5),
                Map.of(CheckpointConfig.TIMEOUT, "5 ms"), CheckpointConfig.TIMEOUT, "at least 10 ms"),
            invalid("negative min pause", c -> c.setMinPauseBetweenCheckpoints(-1),
                Map.of(CheckpointConfig.MIN_PAUSE, "-1"), CheckpointConfig.MIN_PAUSE, ">= 0"),
            invalid("no concurrent checkpoint", c -> c.setMaxConcurrentCheckpoints(0),
                Map.of(CheckpointConfig.MAX_CONCURRENT, "0"), CheckpointConfig.MAX_CONCURRENT, ">= 1"),
            invalid("negative yield slice", c -> c.setYieldAfterMicros(-1),
                Map.of(CheckpointConfig.YIELD_AFTER, "-1"), CheckpointConfig.YIELD_AFTER, "0 (never yield)"),
            invalid("yield slice over a second", c -> c.setYieldAfterMicros(2_000_000),
                Map.of(CheckpointConfig.YIELD_AFTER, "2000000"), CheckpointConfig.YIELD_AFTER, "50 lets a waiting task in"),
            invalid("negative tolerance", c -> c.setTolerableCheckpointFailureNumber(-1),
                Map.of(CheckpointConfig.TOLERABLE_FAILURES, "-1"), CheckpointConfig.TOLERABLE_FAILURES, ">= 0"),
            invalid("filesystem storage without a directory", c -> c.storage().kind(StorageOptions.Kind.FILESYSTEM),
                Map.of(StorageOptions.CHECKPOINT_STORAGE, "filesystem"),
                StorageOptions.CHECKPOINTS_DIR, "set it to a writable directory"));
    }

    private static Arguments invalid(String what, Consumer<CheckpointConfig> setters, Map<String, String> keys,
                                     String key, String fix) {
        return Arguments.of(what, setters, keys, key, fix);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidConfigurations")
    void shouldFailAtExecuteNamingTheKeyAndTheFix(String what, Consumer<CheckpointConfig> setters,
                                                  Map<String, String> keys, String key, String fix) {
        StreamEnvironment bySetters = jobWith(env -> {
            env.enableCheckpointing(100);
            setters.accept(env.getCheckpointConfig());
        });
        StreamEnvironment byKeys = jobWith(env -> {
            Map<String, String> config = new LinkedHashMap<>(Map.of(CheckpointConfig.INTERVAL, "100 ms"));
            config.putAll(keys);
            env.configure(config);
        });

        for (StreamEnvironment env : List.of(bySetters, byKeys)) {
            InvalidJobException e = assertThrows(InvalidJobException.class, () -> env.executeAsync("invalid"), what);
            assertTrue(e.getMessage().contains(key), what + ": the message names " + key + ": " + e.getMessage());
            assertTrue(e.getMessage().contains(fix), what + ": the message says the fix: " + e.getMessage());
        }
    }

    /** As Flink refuses it: leaving the key out is how a configuration turns checkpointing off. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"0", "0 ms", "-5 s"})
    void shouldRefuseAnIntervalOfZeroOrLessInAConfiguration(String interval) {
        InvalidJobException e = assertThrows(InvalidJobException.class,
            () -> StreamEnvironment.create().configure(Map.of(CheckpointConfig.INTERVAL, interval)));
        assertTrue(e.getMessage().contains(CheckpointConfig.INTERVAL) && e.getMessage().contains("leave the key out"),
            e.getMessage());
    }

    @Test
    void shouldRunAJobAtTheMinimumInterval() {
        StreamEnvironment env = jobWith(e -> e.enableCheckpointing(CheckpointConfig.MIN_INTERVAL_MS));
        assertEquals(JobStatus.FINISHED, env.execute("minimum-interval").status());
    }

    @Test
    void shouldRunIncrementalCheckpointsEveryMillisecond() {
        StreamEnvironment env = jobWith(e -> e.enableCheckpointing(CheckpointConfig.MIN_INCREMENTAL_INTERVAL_MS)
            .getCheckpointConfig().enableIncrementalCheckpoints(true));
        assertEquals(JobStatus.FINISHED, env.execute("millisecond-interval").status());
    }

    @Test
    void shouldRefuseFullCheckpointsBelowTenMillisecondsNamingTheIncrementalOption() {
        StreamEnvironment env = jobWith(e -> e.enableCheckpointing(1));
        InvalidJobException e = assertThrows(InvalidJobException.class, () -> env.executeAsync("too-often"));
        assertTrue(e.getMessage().contains(CheckpointConfig.INCREMENTAL), e.getMessage());
    }

    @Test
    void shouldNotCheckOptionsWhenCheckpointingIsOff() {
        StreamEnvironment env = jobWith(e -> e.getCheckpointConfig().enableUnalignedCheckpoints()
            .setCheckpointingMode(CheckpointingMode.AT_LEAST_ONCE));
        assertFalse(env.getCheckpointConfig().isCheckpointingEnabled());
        assertEquals(JobStatus.FINISHED, env.execute("checkpointing-off").status());
    }

    /** Two full sets of options, each set by setters, by a map of Flink keys and by a YAML file. */
    @ParameterizedTest
    @CsvSource({"true", "false"})
    void shouldSetEveryOptionByItsFlinkKeyWithTheSettersEffect(boolean unaligned) throws IOException {
        Path checkpoints = dir.resolve("checkpoints");
        CheckpointConfig bySetters = new CheckpointConfig().setCheckpointInterval(250)
            .setCheckpointTimeout(60_000).setTolerableCheckpointFailureNumber(3)
            .setCheckpointsAfterTasksFinish(false)
            .setExternalizedCheckpointCleanup(CheckpointConfig.ExternalizedCheckpointCleanup.DELETE_ON_CANCELLATION);
        bySetters.storage().checkpointsDir(checkpoints).numRetained(3).kind(StorageOptions.Kind.FILESYSTEM);
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put(CheckpointConfig.INTERVAL, "250 ms");
        keys.put(CheckpointConfig.TIMEOUT, "1 min");
        keys.put(CheckpointConfig.TOLERABLE_FAILURES, "3");
        keys.put(CheckpointConfig.AFTER_TASKS_FINISH, "false");
        keys.put(StorageOptions.EXTERNALIZED_RETENTION, "DELETE_ON_CANCELLATION");
        keys.put(StorageOptions.CHECKPOINTS_DIR, checkpoints.toString());
        keys.put(StorageOptions.NUM_RETAINED, "3");
        keys.put(StorageOptions.CHECKPOINT_STORAGE, "filesystem");
        if (unaligned) {
            bySetters.enableUnalignedCheckpoints().setAlignedCheckpointTimeout(Duration.ofSeconds(2))
                .enableIncrementalCheckpoints(true).setYieldAfterMicros(50);
            keys.put(CheckpointConfig.INCREMENTAL, "true");
            keys.put(CheckpointConfig.YIELD_AFTER, "50");
            keys.put(CheckpointConfig.MODE, "EXACTLY_ONCE");
            keys.put(CheckpointConfig.UNALIGNED + ".enabled", "true");
            keys.put(CheckpointConfig.ALIGNED_TIMEOUT, "2 s");
        } else {
            bySetters.setCheckpointingMode(CheckpointingMode.AT_LEAST_ONCE).setMaxConcurrentCheckpoints(3);
            keys.put(CheckpointConfig.MODE, "at-least-once");
            keys.put(CheckpointConfig.UNALIGNED, "false");
            keys.put(CheckpointConfig.MAX_CONCURRENT, "3");
            keys.put("state.backend.incremental", "false");
            keys.put(CheckpointConfig.MIN_PAUSE, "0 ms");
        }
        Path yaml = dir.resolve("flink-conf.yaml");
        Files.writeString(yaml, "# checkpointing, as a Flink user writes it\n" + keys.entrySet().stream()
            .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("\n")) + "\n");

        StreamEnvironment byMap = StreamEnvironment.create().configure(keys);
        StreamEnvironment byFile = StreamEnvironment.create().configure(yaml);

        for (StreamEnvironment env : List.of(byMap, byFile)) {
            assertEquals(describe(bySetters), describe(env.getCheckpointConfig()));
        }
        bySetters.validate();
        byFile.getCheckpointConfig().validate();
    }

    /** The same options as flink-conf.yaml's flat lines and as Flink 2's nested config.yaml. */
    @ParameterizedTest
    @CsvSource({"true", "false"})
    void shouldCheckpointAJobConfiguredOnlyByAYamlFile(boolean nested) throws Exception {
        Path checkpoints = dir.resolve("checkpoints");
        Path yaml = Files.writeString(dir.resolve("job.yaml"), nested
            ? String.join("\n",
                "execution:",
                "  checkpointing:",
                "    interval: 10 ms",
                "    unaligned: true",
                "state:",
                "  checkpoints:",
                "    dir: \"" + checkpoints + "\"",
                "ringflow:",
                "  channel:",
                "    ring-size: 16",
                "parallelism:",
                "  default: 2", "")
            : String.join("\n",
                "execution.checkpointing.interval: 10 ms",
                "execution.checkpointing.unaligned: true",
                "state.checkpoints.dir: \"" + checkpoints + "\"",
                "ringflow.channel.ring-size: 16",
                "parallelism.default: 2", ""));
        io.ringflow.testing.ManualClock clock = new io.ringflow.testing.ManualClock(0);
        StreamEnvironment env = StreamEnvironment.create().configure(yaml).setClock(clock);
        env.fromSource(io.ringflow.connector.GeneratorSource.bounded(100_000_000, seq -> seq),
                io.ringflow.api.watermark.WatermarkStrategy.noWatermarks(), "numbers")
            .keyBy(n -> n % 7)
            .sinkTo(DiscardingSink.create());

        JobClient job = env.executeAsync("from-yaml");
        try {
            clock.advance(10);
            long deadline = System.currentTimeMillis() + 20_000;
            while (job.checkpointStats().stream().noneMatch(s -> s.status() == CheckpointStatus.COMPLETED)) {
                assertTrue(System.currentTimeMillis() < deadline && !job.status().isTerminal(), "no checkpoint: "
                    + job.status() + " " + job.checkpointStats());
                Thread.sleep(2);
            }
        } finally {
            job.cancel().join();
        }
        CheckpointStats first = job.checkpointStats().get(0);
        assertTrue(first.unaligned(), "unaligned, as the file says");
        assertTrue(Files.exists(checkpoints.resolve("from-yaml").resolve("chk-1").resolve("_metadata")),
            "the filesystem storage of the file was used");
    }

    @ParameterizedTest
    @CsvSource({
        "100, 100", "100 ms, 100", "100ms, 100", "10 s, 10000", "10s, 10000", "1 min, 60000", "3min, 180000",
        "2 h, 7200000", "30 sec, 30000", "1m, 60000", "2 minutes, 120000", "1 d, 86400000", "500 millis, 500",
        "1 hour, 3600000", "5 seconds, 5000"})
    void shouldParseFlinkDurations(String value, long expectedMs) {
        StreamEnvironment env = StreamEnvironment.create().configure(Map.of(CheckpointConfig.INTERVAL, value));
        assertEquals(expectedMs, env.getCheckpointConfig().getCheckpointInterval());
    }

    @ParameterizedTest
    @CsvSource({
        "execution.checkpointing.interval, soon",
        "execution.checkpointing.timeout, 10 fortnights",
        "execution.checkpointing.min-pause, ms",
        "execution.checkpointing.mode, SOMETIMES",
        "execution.checkpointing.unaligned, yes",
        "execution.checkpointing.max-concurrent-checkpoints, two",
        "ringflow.checkpoint.yield-after-us, 50us",
        "execution.checkpointing.no-such-option, 1",
        "execution.checkpointing.externalized-checkpoint-retention, KEEP"})
    void shouldRejectABadValueNamingItsKey(String key, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> StreamEnvironment.create().configure(Map.of(key, value)).getCheckpointConfig().storageOptions());
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }

    private static StreamEnvironment jobWith(Consumer<StreamEnvironment> setUp) {
        StreamEnvironment env = StreamEnvironment.create();
        setUp.accept(env);
        env.fromElements(1L, 2L, 3L).sinkTo(DiscardingSink.create());
        return env;
    }

    private static String describe(CheckpointConfig c) {
        return String.join(", ", "interval=" + c.getCheckpointInterval(), "mode=" + c.getCheckpointingMode(),
            "timeout=" + c.getCheckpointTimeout(), "minPause=" + c.getMinPauseBetweenCheckpoints(),
            "maxConcurrent=" + c.getMaxConcurrentCheckpoints(), "tolerable=" + c.getTolerableCheckpointFailureNumber(),
            "unaligned=" + c.isUnalignedCheckpointsEnabled(), "alignedTimeout=" + c.getAlignedCheckpointTimeoutMs(),
            "afterFinish=" + c.isCheckpointsAfterTasksFinish(), "incremental=" + c.isIncrementalCheckpointsEnabled(),
            "yieldAfterUs=" + c.getYieldAfterMicros(),
            "storage=" + c.storageOptions());
    }
}
