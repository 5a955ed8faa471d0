package io.ringflow.api;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.connector.Source;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.CollectionSource;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.graph.Operators;
import io.ringflow.graph.StreamGraph;
import io.ringflow.graph.StreamNode;
import org.agrona.concurrent.IdleStrategy;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Where a job is described and started, in the shape of Flink's
 * {@code StreamExecutionEnvironment}:
 * <pre>{@code
 * StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
 * env.fromSource(source, WatermarkStrategy.noWatermarks(), "numbers")
 *    .map(n -> n * 2)
 *    .keyBy(n -> n % 10)
 *    .reduce(Long::sum)
 *    .sinkTo(sink);
 * env.execute("doubled sums");
 * }</pre>
 * One environment runs one job.
 */
public final class StreamEnvironment {
    public static final int DEFAULT_MAX_PARALLELISM = 128;
    public static final int MAX_MAX_PARALLELISM = 32768;

    private static final JobLauncher LAUNCHER = JobLauncher.load();
    private static volatile ExecutionContext context;
    private final StreamGraph graph = new StreamGraph();
    private final Set<String> uids = new HashSet<>();
    private int parallelism = 1;
    private int maxParallelism = DEFAULT_MAX_PARALLELISM;
    private int ringSize = 4096;
    private int slotSize = 128;
    private int maxRecordSize; // 0: the default, 1 MB or what one ring holds when less
    private Supplier<IdleStrategy> idleStrategy = IdleStrategies.backoff();
    private Clock clock = Clock.SYSTEM;
    private long autoWatermarkIntervalMs = 200;
    private long taskCancellationIntervalMs = 30_000;
    private long taskCancellationTimeoutMs = 180_000;
    private String executedJob;
    private final CheckpointConfig checkpointConfig = new CheckpointConfig();
    private RestartStrategy restartStrategy = RestartStrategy.noRestart();
    private final java.util.Map<String, String> restartKeys = new java.util.LinkedHashMap<>(); // configured so far
    private String restore;
    private boolean allowNonRestoredState;
    private boolean allowDuplicateOutput;
    private ExecutionConfig.GlobalJobParameters globalJobParameters = new ExecutionConfig.GlobalJobParameters();

    private StreamEnvironment() {
    }

    /** Flink's name for {@link #create()}. */
    public static StreamEnvironment getExecutionEnvironment() {
        return create();
    }

    public static StreamEnvironment create() {
        StreamEnvironment env = new StreamEnvironment();
        ExecutionContext current = context;
        if (current != null) {
            current.configure(env);
        }
        return env;
    }

    /** Sets (null: clears) the context every environment of this process is created and executed in. */
    public static void setExecutionContext(ExecutionContext executionContext) {
        context = executionContext;
    }

    /** Default parallelism of every operator that does not set its own. */
    public StreamEnvironment setParallelism(int parallelism) {
        checkParallelism(parallelism, "the environment");
        this.parallelism = parallelism;
        return this;
    }

    public int getParallelism() {
        return parallelism;
    }

    /** Number of key groups: the upper bound of any operator's parallelism, also after a rescaled restore. */
    public StreamEnvironment setMaxParallelism(int maxParallelism) {
        if (maxParallelism < 1 || maxParallelism > MAX_MAX_PARALLELISM) {
            throw new InvalidJobException("max parallelism must be between 1 and " + MAX_MAX_PARALLELISM + ", got "
                + maxParallelism);
        }
        this.maxParallelism = maxParallelism;
        return this;
    }

    public int getMaxParallelism() {
        return maxParallelism;
    }

    /** Slots per ring (a power of two); the in-flight records between two subtasks. Default 4096. */
    public StreamEnvironment setRingSize(int slots) {
        if (slots < 2 || Integer.bitCount(slots) != 1) {
            throw new InvalidJobException("ring size must be a power of two >= 2, got " + slots
                + "; config key ringflow.channel.ring-size");
        }
        this.ringSize = slots;
        return this;
    }

    /** Bytes per ring slot, 16 of them header: the largest encoded record is this minus 16. Default 128. */
    public StreamEnvironment setSlotSize(int bytes) {
        if (bytes < 32 || bytes % 8 != 0) {
            throw new InvalidJobException("slot size must be a multiple of 8 and at least 32, got " + bytes
                + "; config key ringflow.channel.slot-size");
        }
        this.slotSize = bytes;
        return this;
    }

    /**
     * The largest encoded record that crosses a ring, default 1 MB, at most 1 GiB. A record larger
     * than a slot spans several; one larger than the whole ring ({@code ringSize x (slotSize - 16)}
     * bytes, 448 KiB at the defaults) crosses by reference once the ring is empty.
     */
    public StreamEnvironment setMaxRecordSize(int bytes) {
        if (bytes < 1 || bytes > io.ringflow.channel.Channel.MAX_MAX_RECORD_SIZE) {
            throw new InvalidJobException("max record size must be between 1 byte and 1 GiB ("
                + io.ringflow.channel.Channel.MAX_MAX_RECORD_SIZE + "), got " + bytes + "; config key "
                + ConfigKeys.MAX_RECORD_SIZE);
        }
        this.maxRecordSize = bytes;
        return this;
    }

    /** How idle tasks wait; see {@link IdleStrategies}. */
    public StreamEnvironment setIdleStrategy(Supplier<IdleStrategy> idleStrategy) {
        this.idleStrategy = idleStrategy;
        return this;
    }

    /** The processing-time clock; tests inject a manual one. */
    public StreamEnvironment setClock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /**
     * Flink's {@code setRuntimeMode}: only {@link RuntimeExecutionMode#STREAMING}, what every job runs
     * in. Batch execution would emit other results (final ones per key only), so asking for it is an
     * error, not a job run another way than asked.
     */
    public StreamEnvironment setRuntimeMode(RuntimeExecutionMode mode) {
        if (mode != RuntimeExecutionMode.STREAMING) {
            throw new InvalidJobException("runtime mode " + mode + " is not supported: Ringflow runs every job in "
                + "STREAMING mode (a bounded job ends when its input ends; keyed aggregations emit a result per record, "
                + "where Flink's batch mode emits only the final one per key); set RuntimeExecutionMode.STREAMING or "
                + "leave the mode unset");
        }
        return this;
    }

    /** How often sources emit watermarks; zero emits after every record. Default 200 ms, as in Flink. */
    public StreamEnvironment setAutoWatermarkInterval(Duration interval) {
        if (interval.isNegative()) {
            throw new InvalidJobException("auto watermark interval must be >= 0, got " + interval);
        }
        this.autoWatermarkIntervalMs = interval.toMillis();
        return this;
    }

    /**
     * How long a cancelled task's thread may stay in user code that ignores interrupts before it is
     * interrupted again and its stack logged; default 30 s, as Flink's {@code task.cancellation.interval}.
     */
    public StreamEnvironment setTaskCancellationInterval(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new InvalidJobException("task cancellation interval must be > 0, got " + interval + "; config key "
                + ConfigKeys.TASK_CANCELLATION_INTERVAL);
        }
        this.taskCancellationIntervalMs = interval.toMillis();
        return this;
    }

    /**
     * How long a cancelled or failed-over attempt waits for its task threads to stop (default 180 s,
     * as Flink's {@code task.cancellation.timeout}; zero waits forever). Then the job ends without
     * restarting, leaving the threads that did not stop running: Flink kills the process there.
     */
    public StreamEnvironment setTaskCancellationTimeout(Duration timeout) {
        if (timeout.isNegative()) {
            throw new InvalidJobException("task cancellation timeout must be >= 0 (0: wait forever), got " + timeout
                + "; config key " + ConfigKeys.TASK_CANCELLATION_TIMEOUT);
        }
        this.taskCancellationTimeoutMs = timeout.toMillis();
        return this;
    }

    /** Checkpoints every {@code intervalMs}, exactly-once. */
    public StreamEnvironment enableCheckpointing(long intervalMs) {
        // the interval only, as Flink's: a mode set by configure(...) stays (exactly-once is the default)
        checkpointConfig.setCheckpointInterval(positive(intervalMs));
        return this;
    }

    public StreamEnvironment enableCheckpointing(long intervalMs, CheckpointingMode mode) {
        checkpointConfig.setCheckpointInterval(positive(intervalMs)).setCheckpointingMode(mode);
        return this;
    }

    private static long positive(long intervalMs) {
        if (intervalMs <= 0) {
            throw new InvalidJobException("checkpoint interval must be positive, got " + intervalMs + " ms; to run without"
                + " checkpoints do not call enableCheckpointing");
        }
        return intervalMs;
    }

    /**
     * As Flink's: {@code force} would checkpoint iterative jobs; Ringflow has none, so true is rejected.
     *
     * @deprecated as in Flink; use {@link #enableCheckpointing(long, CheckpointingMode)}
     */
    @Deprecated
    public StreamEnvironment enableCheckpointing(long intervalMs, CheckpointingMode mode, boolean force) {
        checkpointConfig.setForceCheckpointing(force);
        return enableCheckpointing(intervalMs, mode);
    }

    /** Flink's {@code ExecutionConfig}: parallelism, watermark interval and object reuse, seen from here. */
    public ExecutionConfig getConfig() {
        return new ExecutionConfig(this);
    }

    void globalJobParameters(ExecutionConfig.GlobalJobParameters parameters) {
        if (parameters == null) {
            throw new InvalidJobException("setGlobalJobParameters takes parameters, got null");
        }
        globalJobParameters = parameters;
        graph.globalJobParameters(parameters.toMap());
    }

    ExecutionConfig.GlobalJobParameters globalJobParameters() {
        return globalJobParameters;
    }

    long getAutoWatermarkIntervalMs() {
        return autoWatermarkIntervalMs;
    }

    public CheckpointConfig getCheckpointConfig() {
        return checkpointConfig;
    }

    /**
     * Sets options by Flink's configuration keys ({@code execution.checkpointing.*},
     * {@code state.*}, {@code restart-strategy.*}, {@code parallelism.default},
     * {@code pipeline.max-parallelism}, {@code pipeline.auto-watermark-interval},
     * {@code ringflow.channel.*}, {@code ringflow.task.idle-strategy}). Keys of other systems are
     * left alone; in these namespaces an unknown key fails naming the closest one, and a Flink
     * option Ringflow does not implement fails saying why.
     *
     * @throws InvalidJobException naming the key and the fix
     */
    public StreamEnvironment configure(java.util.Map<String, String> config) {
        java.util.Map<String, String> keys = ConfigKeys.resolve(config);
        // The parallelism is checked against the max parallelism, so that is set first, whatever the order given.
        keys.entrySet().stream()
            .sorted(java.util.Comparator.comparing(e -> !e.getKey().equals(ConfigKeys.MAX_PARALLELISM)))
            .forEachOrdered(e -> set(e.getKey(), e.getValue().trim()));
        java.util.Map<String, String> restart = new java.util.LinkedHashMap<>();
        keys.forEach((key, value) -> {
            if (key.startsWith("restart-strategy.")) {
                restart.put(key, value);
            }
        });
        if (!restart.isEmpty()) {
            // merged with earlier calls' (a file, then the program's map), as Flink merges configurations;
            // another type drops the options of the one before
            if (restart.containsKey(RestartStrategy.TYPE) && !restart.get(RestartStrategy.TYPE).trim()
                .equalsIgnoreCase(restartKeys.getOrDefault(RestartStrategy.TYPE, "").trim())) {
                restartKeys.clear();
            }
            restartKeys.putAll(restart);
            RestartStrategy configured = RestartStrategy.fromConfig(restartKeys);
            if (configured != null) {
                restartStrategy = configured;
            }
        }
        return this;
    }

    private void set(String key, String value) {
        try {
            switch (key) {
                case ConfigKeys.PARALLELISM -> setParallelism(ConfigParsing.integer(key, value));
                case ConfigKeys.MAX_PARALLELISM -> setMaxParallelism(ConfigParsing.integer(key, value));
                case ConfigKeys.AUTO_WATERMARK_INTERVAL ->
                    setAutoWatermarkInterval(Duration.ofMillis(ConfigParsing.durationMs(key, value)));
                case ConfigKeys.OBJECT_REUSE -> graph.objectReuse(ConfigParsing.bool(key, value));
                case ConfigKeys.RING_SIZE -> setRingSize(ConfigParsing.integer(key, value));
                case ConfigKeys.SLOT_SIZE -> setSlotSize(ConfigParsing.sizeBytes(key, value));
                case ConfigKeys.MAX_RECORD_SIZE -> setMaxRecordSize(ConfigParsing.sizeBytes(key, value));
                case ConfigKeys.IDLE_STRATEGY -> setIdleStrategy(IdleStrategies.byName(value));
                case ConfigKeys.ALLOW_DUPLICATE_OUTPUT -> setAllowDuplicateOutput(ConfigParsing.bool(key, value));
                case ConfigKeys.TASK_CANCELLATION_INTERVAL ->
                    setTaskCancellationInterval(Duration.ofMillis(ConfigParsing.durationMs(key, value)));
                case ConfigKeys.TASK_CANCELLATION_TIMEOUT ->
                    setTaskCancellationTimeout(Duration.ofMillis(ConfigParsing.durationMs(key, value)));
                default -> {
                    if (!key.startsWith("restart-strategy.")) {
                        checkpointConfig.set(key, value);
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            throw ConfigParsing.naming(key, e);
        }
    }

    /**
     * {@link #configure} from a file: a properties file, a flat YAML file of {@code key: value}
     * lines (flink-conf.yaml), or Flink 2's config.yaml with nested mappings.
     */
    public StreamEnvironment configure(java.nio.file.Path file) {
        java.util.Map<String, String> config = ConfigFile.read(file);
        try {
            return configure(config);
        } catch (InvalidJobException e) {
            throw new InvalidJobException(file + ": " + e.getMessage(), e);
        }
    }

    /** What happens when a task fails; default: no restart. */
    public StreamEnvironment setRestartStrategy(RestartStrategy restartStrategy) {
        this.restartStrategy = restartStrategy;
        restartKeys.clear(); // the program's choice: a later configure(...) starts from its own keys
        return this;
    }

    /**
     * Starts the job from a retained checkpoint or a savepoint: {@code "latest"} (the newest
     * completed checkpoint of this job under state.checkpoints.dir) or a directory path.
     */
    public StreamEnvironment setRestore(String latestOrPath) {
        this.restore = latestOrPath;
        if (latestOrPath != null) {
            io.ringflow.storage.ChronicleWarmup.startInBackground(); // while the job is still being built
        }
        return this;
    }

    /**
     * Lets {@code restore latest} fall back past a corrupt newest checkpoint although two-phase-commit
     * sinks committed its output: that output is then written and committed again (duplicates).
     */
    public StreamEnvironment setAllowDuplicateOutput(boolean allow) {
        this.allowDuplicateOutput = allow;
        return this;
    }

    /** Lets a restore drop the state of operators the job no longer has. */
    public StreamEnvironment setAllowNonRestoredState(boolean allow) {
        this.allowNonRestoredState = allow;
        return this;
    }

    public <T> DataStream<T> fromSource(Source<T> source, WatermarkStrategy<T> watermarkStrategy, String name) {
        StreamNode node = graph.addNode(StreamNode.Kind.SOURCE, name,
            Operators.source(source, watermarkStrategy));
        node.outputCodec(source.codec());
        node.outputType(source.producedType());
        node.boundedSource(source.boundedness() == io.ringflow.api.connector.Boundedness.BOUNDED);
        return new DataStream<>(this, node);
    }

    /** A bounded stream of the given records, read by one subtask. */
    public <T> DataStream<T> fromCollection(Collection<T> records) {
        return fromSource(new CollectionSource<>(List.copyOf(records)), WatermarkStrategy.noWatermarks(), "Collection Source")
            .setParallelism(1);
    }

    /** A bounded stream of the given records with an explicit codec. */
    public <T> DataStream<T> fromCollection(Collection<T> records, Codec<T> codec) {
        return fromCollection(records).returns(codec);
    }

    /** Flink 2's name for {@link #fromCollection(Collection)}. */
    public <T> DataStream<T> fromData(Collection<T> records) {
        return fromCollection(records);
    }

    /** Flink 2's name for {@link #fromElements(Object[])}. */
    @SafeVarargs
    public final <T> DataStream<T> fromData(T... records) {
        return fromElements(records);
    }

    /**
     * The numbers {@code from} to {@code to}, both included, as Flink's {@code fromSequence}: a
     * bounded {@link GeneratorSource} at the job's parallelism (subtask i of p emits the i-th,
     * (i+p)-th, ...), its position checkpointed.
     */
    public DataStream<Long> fromSequence(long from, long to) {
        if (to < from) {
            throw new InvalidJobException("fromSequence(" + from + ", " + to + "): to must be >= from");
        }
        long count;
        try {
            count = Math.addExact(Math.subtractExact(to, from), 1);
        } catch (ArithmeticException e) {
            throw new InvalidJobException("fromSequence(" + from + ", " + to + "): more than Long.MAX_VALUE numbers");
        }
        return fromSource(GeneratorSource.bounded(count, seq -> from + seq), WatermarkStrategy.noWatermarks(),
            "Sequence Source").returns(io.ringflow.api.codec.Codecs.LONG);
    }

    @SafeVarargs
    public final <T> DataStream<T> fromElements(T... records) {
        return fromCollection(Arrays.asList(records));
    }

    /** Runs the job and waits for its end. @throws JobExecutionException when it fails */
    public JobExecutionResult execute(String jobName) {
        return executeAsync(jobName).await();
    }

    public JobExecutionResult execute() {
        return execute("ringflow-job");
    }

    /** As {@link #executeAsync(String)}, under the default name {@code execute()} uses. */
    public JobClient executeAsync() {
        return executeAsync("ringflow-job");
    }

    /**
     * Every operator in a task of its own, as Flink's {@code disableOperatorChaining}: a ring between
     * any two (for profiling a job per operator; chaining is what makes a pipeline cheap).
     */
    public StreamEnvironment disableOperatorChaining() {
        graph.disableChaining();
        return this;
    }

    /** Starts the job and returns at once. */
    public JobClient executeAsync(String jobName) {
        if (executedJob != null) {
            throw new InvalidJobException("this environment already ran job '" + executedJob
                + "'; create a new StreamEnvironment for each job");
        }
        checkpointConfig.validate();
        if ((long) ringSize * slotSize > Integer.MAX_VALUE) {
            throw new InvalidJobException("a ring of " + ringSize + " slots of " + slotSize + " bytes exceeds the 2 GiB "
                + "one ring can hold; lower ringflow.channel.ring-size or ringflow.channel.slot-size");
        }
        ExecutionContext current = context;
        if (current != null) {
            current.launching(this, jobName);
        }
        JobClient job;
        try {
            job = LAUNCHER.launch(new JobSubmission(jobName, graph, parallelism, maxParallelism, ringSize, slotSize,
                idleStrategy, clock, autoWatermarkIntervalMs, checkpointConfig, restartStrategy, restore, allowNonRestoredState,
                allowDuplicateOutput, effectiveMaxRecordSize(), taskCancellationIntervalMs, taskCancellationTimeoutMs));
        } catch (RuntimeException | Error e) {
            if (current != null) {
                current.launchFailed(jobName);
            }
            throw e;
        }
        executedJob = jobName;
        if (current != null) {
            current.started(job);
        }
        return job;
    }

    /** Up to what a ring's slots hold a record spans slots; beyond that it crosses by reference. */
    private int effectiveMaxRecordSize() {
        return maxRecordSize == 0 ? io.ringflow.channel.Channel.DEFAULT_MAX_RECORD_SIZE : maxRecordSize;
    }

    /** The logical graph built so far, for tools and tests. */
    public StreamGraph getStreamGraph() {
        return graph;
    }

    StreamGraph graph() {
        return graph;
    }

    void registerUid(String uid, StreamNode node) {
        if (!uids.add(uid)) {
            throw new InvalidJobException("uid '" + uid + "' is already used by another operator of this job; "
                + "uids identify operator state across restores, so give " + node.describe() + " a unique one");
        }
    }

    void checkParallelism(int parallelism, String what) {
        checkParallelism(parallelism, what, -1);
    }

    /** @param ownMax the operator's own max parallelism, or -1 when it takes the environment's */
    void checkParallelism(int parallelism, String what, int ownMax) {
        if (parallelism < 1) {
            throw new InvalidJobException("parallelism of " + what + " must be >= 1, got " + parallelism);
        }
        if (parallelism > (ownMax > 0 ? ownMax : maxParallelism)) {
            throw new InvalidJobException("parallelism " + parallelism + " of " + what + " exceeds the max parallelism "
                + (ownMax > 0 ? ownMax + "; lower it or raise its setMaxParallelism(...) first"
                : maxParallelism + "; lower it or raise StreamEnvironment.setMaxParallelism(...) first"));
        }
    }

    /** An operator's own number of key groups, as Flink's {@code setMaxParallelism} on an operator. */
    void checkMaxParallelism(int maxParallelism, io.ringflow.graph.StreamNode node) {
        if (maxParallelism < 1 || maxParallelism > MAX_MAX_PARALLELISM) {
            throw new InvalidJobException("max parallelism of " + node.describe() + " must be between 1 and "
                + MAX_MAX_PARALLELISM + ", got " + maxParallelism);
        }
        if (node.parallelism() > maxParallelism) {
            throw new InvalidJobException("max parallelism " + maxParallelism + " of " + node.describe()
                + " is below its parallelism " + node.parallelism() + "; raise it or lower the parallelism first");
        }
    }
}
