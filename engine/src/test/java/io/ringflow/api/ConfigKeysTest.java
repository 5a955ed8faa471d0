package io.ringflow.api;

import io.ringflow.storage.StorageOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Configuration keys: in Ringflow's namespaces a key is one it reads or an error naming the fix;
 * Flink options it does not implement fail saying why; a bad value names its key and the form
 * expected; the README documents exactly the keys Ringflow reads.
 */
class ConfigKeysTest {
    /** A valid value of every key Ringflow reads. */
    private static final Map<String, String> SAMPLES = Map.ofEntries(
        Map.entry(ConfigKeys.PARALLELISM, "2"),
        Map.entry(ConfigKeys.MAX_PARALLELISM, "64"),
        Map.entry(ConfigKeys.AUTO_WATERMARK_INTERVAL, "50 ms"),
        Map.entry(ConfigKeys.OBJECT_REUSE, "true"),
        Map.entry(ConfigKeys.RING_SIZE, "1024"),
        Map.entry(ConfigKeys.SLOT_SIZE, "256"),
        Map.entry(ConfigKeys.MAX_RECORD_SIZE, "65536"),
        Map.entry(ConfigKeys.IDLE_STRATEGY, "yielding"),
        Map.entry(ConfigKeys.ALLOW_DUPLICATE_OUTPUT, "true"),
        Map.entry(ConfigKeys.TASK_CANCELLATION_INTERVAL, "10 s"),
        Map.entry(ConfigKeys.TASK_CANCELLATION_TIMEOUT, "1 min"),
        Map.entry(CheckpointConfig.INTERVAL, "100 ms"),
        Map.entry(CheckpointConfig.MODE, "AT_LEAST_ONCE"),
        Map.entry(CheckpointConfig.TIMEOUT, "1 min"),
        Map.entry(CheckpointConfig.MIN_PAUSE, "10 ms"),
        Map.entry(CheckpointConfig.MAX_CONCURRENT, "2"),
        Map.entry(CheckpointConfig.TOLERABLE_FAILURES, "3"),
        Map.entry(CheckpointConfig.UNALIGNED, "true"),
        Map.entry(CheckpointConfig.ALIGNED_TIMEOUT, "20 ms"),
        Map.entry(CheckpointConfig.AFTER_TASKS_FINISH, "false"),
        Map.entry(CheckpointConfig.INCREMENTAL, "true"),
        Map.entry(CheckpointConfig.YIELD_AFTER, "50"),
        Map.entry(StorageOptions.CHECKPOINT_STORAGE, "jobmanager"),
        Map.entry(StorageOptions.CHECKPOINTS_DIR, "file:///tmp/ringflow-checkpoints"),
        Map.entry(StorageOptions.NUM_RETAINED, "2"),
        Map.entry(StorageOptions.SAVEPOINTS_DIR, "/tmp/ringflow-savepoints"),
        Map.entry(StorageOptions.MEMORY_THRESHOLD, "1 kb"),
        Map.entry(StorageOptions.WRITE_BUFFER_SIZE, "8 kb"),
        Map.entry(StorageOptions.DURABILITY, "page-cache"),
        Map.entry(StorageOptions.SPARE_FILES, "2"),
        Map.entry(StorageOptions.FILE_MERGING, "false"),
        Map.entry(StorageOptions.FILE_MERGING_ACROSS_BOUNDARY, "true"),
        Map.entry(StorageOptions.FILE_MERGING_MAX_FILE_SIZE, "32 mb"),
        Map.entry(StorageOptions.EXTERNALIZED_RETENTION, "DELETE_ON_CANCELLATION"),
        Map.entry(RestartStrategy.TYPE, "fixed-delay"),
        Map.entry(RestartStrategy.FIXED_ATTEMPTS, "3"),
        Map.entry(RestartStrategy.FIXED_DELAY, "10 ms"),
        Map.entry(RestartStrategy.EXP_INITIAL, "10 ms"),
        Map.entry(RestartStrategy.EXP_MAX, "1 s"),
        Map.entry(RestartStrategy.EXP_MULTIPLIER, "1.5"),
        Map.entry(RestartStrategy.EXP_ATTEMPTS, "4"));

    /** Tests run in the engine module's directory. */
    private static final Path README = Path.of("..", "README.md");

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "state.checkpoints.dirr, state.checkpoints.dir",
        "parallelism.defualt, parallelism.default",
        "ringflow.channel.slot-sise, ringflow.channel.slot-size",
        "restart-strategy.fixed-delay.attempt, restart-strategy.fixed-delay.attempts",
        "restart-strategy.exponential-delay.backof-multiplier, restart-strategy.exponential-delay.backoff-multiplier",
        "execution.checkpointing.intreval, execution.checkpointing.interval",
        "execution.checkpointing.dirr, execution.checkpointing.dir",
        "paralelism.default, parallelism.default",
        "ringflw.task.idle-strategy, ringflow.task.idle-strategy"})
    void shouldRejectATypoNamingTheKeyMeant(String typo, String meant) {
        InvalidJobException e = assertThrows(InvalidJobException.class,
            () -> StreamEnvironment.create().configure(Map.of(typo, "1")));
        assertTrue(e.getMessage().contains(typo) && e.getMessage().contains("did you mean " + meant + "?"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"pipeline.cached-files", "state.checkpoints.create-subdir", "execution.target", "ringflow.rings"})
    void shouldRejectAnUnknownKeyOfRingflowsNamespacesNamingTheClosestKey(String key) {
        InvalidJobException e = assertThrows(InvalidJobException.class,
            () -> StreamEnvironment.create().configure(Map.of(key, "true")));
        Matcher closest = Pattern.compile("the closest it reads is (\\S+) ").matcher(e.getMessage());
        assertTrue(e.getMessage().contains(key) && closest.find(), e.getMessage());
        assertTrue(ConfigKeys.KNOWN.contains(closest.group(1)) || ConfigKeys.ALIASES.containsKey(closest.group(1)),
            e.getMessage());
    }

    @Test
    void shouldLeaveTheKeysOfOtherSystemsAlone() {
        StreamEnvironment env = StreamEnvironment.create().configure(Map.of(
            "rest.port", "8081", "s3.endpoint", "http://localhost:9000", ConfigKeys.PARALLELISM, "3"));
        assertEquals(3, env.getParallelism());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "execution.buffer-timeout          | 10 ms    | no network buffers",
        "execution.buffer-timeout.interval | 10 ms    | no network buffers",
        "taskmanager.numberOfTaskSlots     | 4        | no task or job managers",
        "taskmanager.memory.process.size   | 1 gb     | no task or job managers",
        "jobmanager.memory.process.size    | 1 gb     | no task or job managers",
        "state.backend.type                | rocksdb  | one state backend",
        "execution.runtime-mode            | BATCH    | always runs in streaming mode",
        "execution.savepoint.path          | /tmp/sp  | setRestore",
        "pipeline.name                     | orders   | execute(name)",
        "restart-strategy.failure-rate.delay | 1 s    | no failure-rate strategy",
        "execution.checkpointing.force     | true     | no iterative jobs",
        "execution.checkpointing.force     | false    | no iterative jobs"})
    void shouldRejectAFlinkOptionRingflowDoesNotImplementSayingWhy(String key, String value, String why) {
        InvalidJobException e = assertThrows(InvalidJobException.class,
            () -> StreamEnvironment.create().configure(Map.of(key, value)));
        assertTrue(e.getMessage().contains(key + " is a Flink option Ringflow does not implement"), e.getMessage());
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }

    @Test
    @SuppressWarnings("deprecation")
    void shouldRejectForcedCheckpointingByItsSettersToo() {
        StreamEnvironment env = StreamEnvironment.create();
        InvalidJobException e = assertThrows(InvalidJobException.class,
            () -> env.enableCheckpointing(100, CheckpointingMode.EXACTLY_ONCE, true));
        assertTrue(e.getMessage().contains("no iterative jobs"), e.getMessage());
        assertFalse(env.getCheckpointConfig().isCheckpointingEnabled(), "a rejected call changes nothing");
        assertThrows(InvalidJobException.class, () -> env.getCheckpointConfig().setForceCheckpointing(true));
    }

    /** Every unit of Flink's durations, down to nanoseconds, as long as the value is whole milliseconds. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "250           | 250", "250 ms | 250", "250000 \u00b5s | 250", "250000 micros | 250", "250000000 ns | 250",
        "250000000 nanoseconds | 250", "2 s | 2000", "1 min | 60000", "1m | 60000", "1 h | 3600000"})
    void shouldTakeEveryDurationUnitOfFlink(String value, long expectedMs) {
        StreamEnvironment env = StreamEnvironment.create().configure(Map.of(CheckpointConfig.TIMEOUT, value));
        assertEquals(expectedMs, env.getCheckpointConfig().getCheckpointTimeout());
    }

    @Test
    void shouldRefuseADurationThatIsNotWholeMilliseconds() {
        InvalidJobException e = assertThrows(InvalidJobException.class,
            () -> StreamEnvironment.create().configure(Map.of(CheckpointConfig.TIMEOUT, "1500 \u00b5s")));
        assertTrue(e.getMessage().contains(CheckpointConfig.TIMEOUT) && e.getMessage().contains("whole number of milliseconds"),
            e.getMessage());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "restart-strategy.exponential-delay.backoff-multiplier | two  | is not a number; write e.g. 2.0",
        "restart-strategy.fixed-delay.attempts                 | many | is not a whole number",
        "parallelism.default                                   | two  | is not a whole number",
        "parallelism.default                                   | 0    | must be >= 1",
        "ringflow.channel.slot-size                            | 100  | multiple of 8",
        "ringflow.channel.max-record-size                      | 0    | between 1 byte and 1 GiB",
        "ringflow.channel.max-record-size                      | lots | a size such as 4096, 20 kb or 1 mb",
        "ringflow.task.idle-strategy                           | fast | use one of backoff, busy-spin",
        "execution.checkpointing.interval                      | soon | write e.g. 500 ms",
        "state.checkpoints.num-retained                        | many | must be an integer",
        "state.storage.fs.memory-threshold                     | lots | a size such as 4096, 20 kb or 1 mb"})
    void shouldRejectABadValueNamingItsKeyAndTheFormExpected(String key, String value, String expected) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put(key, value);
        if (key.startsWith("restart-strategy.")) {
            config.put(RestartStrategy.TYPE, key.split("\\.")[1]);
        }
        InvalidJobException e = assertThrows(InvalidJobException.class,
            () -> StreamEnvironment.create().configure(config));
        assertTrue(e.getMessage().contains(key) && e.getMessage().contains(expected), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "restart-strategy.fixed-delay.attempts       |                   | not set, so there are no restarts",
        "restart-strategy.exponential-delay.max-backoff | fixed-delay    | is 'fixed-delay'"})
    void shouldRejectTheOptionsOfARestartStrategyNotChosen(String key, String type, String why) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put(key, key.endsWith("attempts") ? "3" : "1 min");
        if (type != null) {
            config.put(RestartStrategy.TYPE, type);
        }
        InvalidJobException e = assertThrows(InvalidJobException.class,
            () -> StreamEnvironment.create().configure(config));
        assertTrue(e.getMessage().contains(key) && e.getMessage().contains(why)
            && e.getMessage().contains("set " + RestartStrategy.TYPE + ": " + key.split("\\.")[1]), e.getMessage());
    }

    @Test
    void shouldTakeFlinkTwosNamesOfTheStorageAndRestartOptions() {
        StreamEnvironment env = StreamEnvironment.create().configure(Map.of(
            "execution.checkpointing.dir", dir.toString(),
            "execution.checkpointing.num-retained", "3",
            "execution.checkpointing.unaligned.enabled", "true"));
        StorageOptions storage = env.getCheckpointConfig().storageOptions();
        assertEquals(dir, storage.checkpointsDir());
        assertEquals(3, storage.numRetained());
        assertTrue(env.getCheckpointConfig().isUnalignedCheckpointsEnabled());
        assertEquals(RestartStrategy.fixedDelay(2, java.time.Duration.ofSeconds(1)).toString(),
            RestartStrategy.fromConfig(ConfigKeys.resolve(Map.of("restart-strategy", "fixed-delay",
                RestartStrategy.FIXED_ATTEMPTS, "2"))).toString());
    }

    @Test
    void shouldRejectOneOptionGivenUnderTwoNames() {
        InvalidJobException e = assertThrows(InvalidJobException.class, () -> StreamEnvironment.create().configure(
            Map.of(StorageOptions.CHECKPOINTS_DIR, "/a", "execution.checkpointing.dir", "/b")));
        assertTrue(e.getMessage().contains(StorageOptions.CHECKPOINTS_DIR)
            && e.getMessage().contains("execution.checkpointing.dir") && e.getMessage().contains("set it once"), e.getMessage());
    }

    @Test
    void shouldSetTheParallelismAboveTheDefaultMaxWhateverTheOrderOfTheKeys() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put(ConfigKeys.PARALLELISM, "200");
        config.put(ConfigKeys.MAX_PARALLELISM, "256");
        StreamEnvironment env = StreamEnvironment.create().configure(config);
        assertEquals(200, env.getParallelism());
        assertEquals(256, env.getMaxParallelism());
    }

    /** A maximum larger than a ring is taken: such records cross by reference. Above 1 GiB it is refused. */
    @Test
    void shouldTakeAMaximumRecordSizeLargerThanARingAndRefuseOneAbove1GiB() {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2)
            .configure(Map.of(ConfigKeys.MAX_RECORD_SIZE, "600000"));
        io.ringflow.connector.CollectSink<Integer> sink = new io.ringflow.connector.CollectSink<>();
        env.fromSource(io.ringflow.connector.GeneratorSource.bounded(20, n -> n % 5 == 0 ? "x".repeat(590_000) : "small"),
                io.ringflow.api.watermark.WatermarkStrategy.noWatermarks(), "strings")
            .rebalance().map(String::length).sinkTo(sink);
        env.execute("larger-than-a-ring");
        assertEquals(4, sink.getResults().stream().filter(length -> length == 590_000).count());

        InvalidJobException e = assertThrows(InvalidJobException.class, () -> StreamEnvironment.create()
            .configure(Map.of(ConfigKeys.MAX_RECORD_SIZE, Integer.toString((1 << 30) + 1))));
        assertTrue(e.getMessage().contains("1 GiB"), e.getMessage());
    }

    @Test
    void shouldNameTheFileOfABadKey() throws IOException {
        Path file = Files.writeString(dir.resolve("ringflow.yaml"), "state.checkpoints.dirr: /tmp/x\n");
        InvalidJobException e = assertThrows(InvalidJobException.class, () -> StreamEnvironment.create().configure(file));
        assertTrue(e.getMessage().startsWith(file + ": ") && e.getMessage().contains("did you mean"), e.getMessage());
    }

    /** Every key in the README's tables is read (with a valid value), and every key read is in a table. */
    @Test
    void shouldAcceptEveryKeyTheReadmeDocumentsAndDocumentEveryKeyItReads() throws IOException {
        Set<String> documented = readmeTableKeys();
        assertEquals(ConfigKeys.KNOWN, documented, "README tables vs ConfigKeys.KNOWN");
        assertEquals(ConfigKeys.KNOWN, SAMPLES.keySet(), "a sample value for every key");
        for (String key : documented) {
            Map<String, String> config = new LinkedHashMap<>();
            if (key.startsWith("restart-strategy.") && !key.equals(RestartStrategy.TYPE)) {
                config.put(RestartStrategy.TYPE, key.split("\\.")[1]);
            }
            config.put(key, SAMPLES.get(key));
            assertDoesNotThrow(() -> StreamEnvironment.create().configure(config).getCheckpointConfig().storageOptions(),
                key);
        }
    }

    @Test
    void shouldExplainInTheReadmeEveryFlinkOptionItRejects() throws IOException {
        String readme = Files.readString(README);
        for (String key : ConfigKeys.UNSUPPORTED.keySet()) {
            assertTrue(readme.contains("`" + key), key + " is explained in the README");
        }
    }

    /**
     * The keys in backquotes in the README's table rows; a row's {@code `.delay`} is a sibling of
     * the key before it, as the restart strategies' table writes them.
     */
    private static Set<String> readmeTableKeys() throws IOException {
        Pattern quoted = Pattern.compile("`(\\.?[a-z][a-z0-9.-]*)");
        Pattern namespaced = Pattern.compile("(execution|state|restart-strategy|pipeline|parallelism|ringflow|task)\\..+");
        Set<String> keys = new LinkedHashSet<>();
        for (String line : Files.readAllLines(README)) {
            if (!line.strip().startsWith("|")) {
                continue;
            }
            String previous = null;
            Matcher m = quoted.matcher(line);
            while (m.find()) {
                String token = m.group(1);
                if (namespaced.matcher(token).matches()) {
                    keys.add(token);
                    previous = token;
                } else if (token.startsWith(".") && previous != null) {
                    keys.add(previous.substring(0, previous.lastIndexOf('.')) + token);
                }
            }
        }
        return keys;
    }
}
