package io.ringflow.bench.jmh;

import io.ringflow.api.IdleStrategies;
import io.ringflow.api.JobClient;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.connector.Boundedness;
import io.ringflow.api.connector.InputStatus;
import io.ringflow.api.connector.ReaderOutput;
import io.ringflow.api.connector.Source;
import io.ringflow.api.connector.SourceReader;
import io.ringflow.api.connector.SourceReaderContext;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.KeySelector;
import io.ringflow.api.functions.KeyedProcessFunction;
import io.ringflow.api.state.ValueState;
import io.ringflow.api.state.ValueStateDescriptor;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.bench.harness.AllocationMonitor;
import io.ringflow.channel.Channel;
import io.ringflow.channel.SlotDescriptor;
import io.ringflow.connector.DiscardingSink;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Heap allocation per record in steady state, to be run with {@code -prof gc}; each op is one
 * record. The user code here allocates nothing per record except the boxed count of
 * {@link KeyedPipeline} (16 B), so what is left is the engine's.
 * <ul>
 * <li>{@link #oneHop}: the benchmark thread encodes pre-built {@link BenchEvent}s into a
 * {@link Channel}, a {@link PollingThread} polls and decodes each into a new record and keeps it
 * (a plain field write, so the record escapes as it does into a task's operators).</li>
 * <li>{@link #keyedPipeline}: a real job, parallelism 1, started once per trial and running
 * unbounded: a source of pre-built BenchEvents ══keyBy(key)══► a keyed process counting per key
 * in a {@code ValueState<Long>} ─► a discarding sink. The benchmark thread does not feed it (a
 * hand-off queue would add its own cost and allocation to what is measured): each call waits,
 * parked, until the sink has counted {@link #BATCH} more records, so the score is the sink's
 * records/s; the target restarts from the sink's count at each iteration, so records that flowed
 * between iterations are not credited to it. Parking keeps the benchmark thread off the two
 * cores the job's two task threads need.</li>
 * </ul>
 * What each figure covers: JMH 1.37's {@code gc.alloc.rate.norm} on Java 17 sums
 * {@code getThreadAllocatedBytes} over every live thread of the forked JVM except the one taking
 * the snapshot, between the start and end of each iteration, divided by the ops: for
 * {@code oneHop} the producer and the consumer thread, for {@code keyedPipeline} the job's task
 * threads and the parked benchmark thread (plus JMH's own threads, which allocate nothing per
 * record; records that flow between a snapshot and the first or last call add a little). Beside it, each iteration prints the per-thread split
 * read with the same counters: the consumer and producer of the hop, and the job's task
 * threads ({@link AllocationMonitor}, as the harness's {@code alloc_bytes_per_event}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AllocationBenchmark {
    /** Records per call: amortises JMH's per-call overhead and, for the job, the wake-up of the parked thread. */
    static final int HOP_BATCH = 100;
    static final int BATCH = 100_000;
    static final int KEYS = 10_000;
    static final String JOB_NAME = "allocation-benchmark";

    private static com.sun.management.ThreadMXBean threadBean() {
        return (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    }

    private static String perRecord(long bytes, long records) {
        return records <= 0 ? "–" : String.format("%.1f", bytes / (double) records);
    }

    @Benchmark
    @OperationsPerInvocation(HOP_BATCH)
    public void oneHop(OneHop hop) {
        hop.writeBatch();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void keyedPipeline(KeyedPipeline pipeline) {
        pipeline.awaitBatch();
    }

    /** One ring, the benchmark thread as producer, a polling thread as consumer (as RingThroughputBenchmark). */
    @State(Scope.Benchmark)
    public static class OneHop {
        private Channel channel;
        private PollingThread consumer;
        private IdleStrategy producerIdle;
        private Codec<BenchEvent> codec;
        private BenchEvent[] records;
        private final AtomicLong consumed = new AtomicLong();
        /** Each decoded record is kept here, so it escapes and cannot be scalar-replaced away. */
        private Object lastDecoded;
        private long consumerBytesAtStart;
        private long producerBytesAtStart;
        private long consumedAtStart;

        @Setup(Level.Trial)
        public void setUp() {
            channel = new Channel("allocation", 4096, 128);
            producerIdle = IdleStrategies.byName("backoff").get();
            codec = Codecs.forClass(BenchEvent.class);
            // Pre-built records: the producer encodes and allocates nothing; the user's allocation is theirs.
            records = new BenchEvent[16];
            for (int i = 0; i < records.length; i++) {
                records[i] = new BenchEvent(i, 1_000L + i, System.nanoTime());
            }
            UnsafeBuffer buffer = channel.buffer();
            consumer = new PollingThread("allocation-consumer", channel, (slot, sequence, endOfBatch) -> {
                int offset = slot.offset();
                int length = buffer.getInt(offset + SlotDescriptor.LENGTH_OFFSET);
                lastDecoded = codec.decode(buffer, SlotDescriptor.payloadOffset(offset), length);
                consumed.lazySet(consumed.get() + 1);
                return true;
            }, IdleStrategies.byName("backoff").get()).start();
        }

        @Setup(Level.Iteration)
        public void startIteration() {
            consumedAtStart = consumed.get();
            consumerBytesAtStart = threadBean().getThreadAllocatedBytes(consumer.threadId());
            producerBytesAtStart = threadBean().getThreadAllocatedBytes(Thread.currentThread().getId());
        }

        void writeBatch() {
            for (int i = 0; i < HOP_BATCH; i++) {
                BenchEvent value = records[i & 15];
                if (!channel.tryWriteRecord(value, SlotDescriptor.NO_TIMESTAMP, codec, "benchmark")) {
                    do {
                        producerIdle.idle();
                    } while (!channel.tryWriteRecord(value, SlotDescriptor.NO_TIMESTAMP, codec, "benchmark"));
                    producerIdle.reset();
                }
            }
        }

        /** Runs on the benchmark (producer) thread after its last call of the iteration. */
        @TearDown(Level.Iteration)
        public void endIteration() {
            long producerBytes = threadBean().getThreadAllocatedBytes(Thread.currentThread().getId()) - producerBytesAtStart;
            long consumerBytes = threadBean().getThreadAllocatedBytes(consumer.threadId()) - consumerBytesAtStart;
            long records = consumed.get() - consumedAtStart;
            System.out.printf("%n  [one hop] %,d records; B/record: consumer thread %s, producer (benchmark) thread %s%n",
                records, perRecord(consumerBytes, records), perRecord(producerBytes, records));
        }

        @TearDown(Level.Trial)
        public void tearDown() throws InterruptedException {
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (channel.consumedSequence() < channel.publishedSequence() && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                consumer.stop();
            } finally {
                channel.close();
            }
            if (lastDecoded == null) {
                throw new IllegalStateException("the consumer decoded nothing");
            }
        }
    }

    /** The keyed job, started per trial and cancelled after it. */
    @State(Scope.Benchmark)
    public static class KeyedPipeline {
        private static final long PARK_NS = 20_000;
        private JobClient job;
        private DiscardingSink<BenchEvent> sink;
        private AllocationMonitor monitor;
        private long target;
        private long countAtStart;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            StreamEnvironment env = StreamEnvironment.create()
                .setParallelism(1)
                .setRingSize(4096)
                .setSlotSize(128)
                .setIdleStrategy(IdleStrategies.byName("backoff"));
            sink = DiscardingSink.create();
            env.fromSource(new EventSource(KEYS), WatermarkStrategy.noWatermarks(), "events").uid("events")
                .keyBy(new CachedKey(KEYS), Codecs.LONG)
                .process(new CountPerKey()).name("count").uid("count")
                .sinkTo(sink).name("discard");
            job = env.executeAsync(JOB_NAME);
            AllocationMonitor.Threads threads = AllocationMonitor.jvm();
            if (threads == null) {
                throw new IllegalStateException("this JVM does not count allocated bytes per thread");
            }
            monitor = new AllocationMonitor(threads, JOB_NAME);
            // Every key has its state entry before the first iteration: inserts are not steady state.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (sink.count() < 2L * KEYS) {
                failIfEnded();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the job did not reach " + 2 * KEYS + " records in 60 s");
                }
                Thread.sleep(1);
            }
        }

        @Setup(Level.Iteration)
        public void startIteration() {
            failIfEnded();
            countAtStart = sink.count();
            target = countAtStart;
            monitor.startWindow();
        }

        /** Waits, parked, until the sink has counted {@link #BATCH} more records than the last target. */
        void awaitBatch() {
            target += BATCH;
            int parks = 0;
            while (sink.count() < target) {
                LockSupport.parkNanos(PARK_NS);
                if (++parks % 4096 == 0) {
                    failIfEnded();
                }
            }
        }

        @TearDown(Level.Iteration)
        public void endIteration() {
            long records = sink.count() - countAtStart;
            Map<String, Object> figures = monitor.endWindow(records);
            Map<?, ?> alloc = (Map<?, ?>) figures.get("alloc");
            StringBuilder line = new StringBuilder(String.format(
                "%n  [keyed pipeline] %,d records; task threads %s B/record", records, figures.get("alloc_bytes_per_event")));
            for (Object thread : (List<?>) alloc.get("threads")) {
                Map<?, ?> t = (Map<?, ?>) thread;
                line.append(String.format("; %s: %s", String.valueOf(t.get("name")).substring(("ringflow-" + JOB_NAME + "-").length()),
                    t.get("bytes_per_event")));
            }
            if (Boolean.FALSE.equals(alloc.get("complete"))) {
                line.append("; threads ended in the iteration (a lower bound): ").append(alloc.get("ended_threads"));
            }
            System.out.println(line);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            job.cancel().get(30, TimeUnit.SECONDS);
        }

        private void failIfEnded() {
            if (job.status().isTerminal()) {
                throw new IllegalStateException("the job ended: " + job.status()
                    + job.failureCause().map(cause -> ", " + cause).orElse(""));
            }
        }
    }

    /**
     * Emits pre-built events for keys {@code 0 .. keys-1} in turn, forever: the source allocates
     * nothing per record, so its task's allocation is the engine's (the events are built in
     * {@link #createReader}, as the reader's own, since BenchEvent is not serializable).
     */
    static final class EventSource implements Source<BenchEvent> {
        private static final long serialVersionUID = 1L;
        private final int keys;

        EventSource(int keys) {
            this.keys = keys;
        }

        @Override
        public Boundedness boundedness() {
            return Boundedness.CONTINUOUS_UNBOUNDED;
        }

        @Override
        public Codec<BenchEvent> codec() {
            return Codecs.forClass(BenchEvent.class);
        }

        @Override
        public Class<?> producedType() {
            return BenchEvent.class;
        }

        @Override
        public SourceReader<BenchEvent> createReader(SourceReaderContext context) {
            BenchEvent[] events = new BenchEvent[keys];
            for (int key = 0; key < keys; key++) {
                events[key] = new BenchEvent(key, 1_000L + key, 0);
            }
            return new SourceReader<>() {
                private int next;

                @Override
                public InputStatus pollNext(ReaderOutput<BenchEvent> output) {
                    output.collect(events[next]);
                    next = next + 1 == events.length ? 0 : next + 1;
                    return InputStatus.MORE_AVAILABLE;
                }
            };
        }
    }

    /** keyBy(key) through pre-boxed keys, so the user's key selector allocates nothing. */
    static final class CachedKey implements KeySelector<BenchEvent, Long> {
        private static final long serialVersionUID = 1L;
        private final Long[] boxed;

        CachedKey(int keys) {
            boxed = new Long[keys];
            for (int key = 0; key < keys; key++) {
                boxed[key] = (long) key;
            }
        }

        @Override
        public Long getKey(BenchEvent event) {
            return boxed[(int) event.key()];
        }
    }

    /** A running count per key in a {@code ValueState<Long>}; emits its input. Its one allocation: the boxed count. */
    static final class CountPerKey extends KeyedProcessFunction<Long, BenchEvent, BenchEvent> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<Long> count;

        @Override
        public void open() {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Codecs.LONG));
        }

        @Override
        public void processElement(BenchEvent event, Context ctx, Collector<BenchEvent> out) {
            Long previous = count.value();
            count.update(previous == null ? 1L : previous + 1);
            out.collect(event);
        }
    }
}
