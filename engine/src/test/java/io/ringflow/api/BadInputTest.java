package io.ringflow.api;

import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.AggregateFunction;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.KeyedProcessFunction;
import io.ringflow.api.functions.MapFunction;
import io.ringflow.api.functions.RichFunction;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.api.window.TumblingEventTimeWindows;
import io.ringflow.channel.OffHeapMemory;
import io.ringflow.channel.RecordTooLargeException;
import io.ringflow.connector.CollectSink;
import io.ringflow.connector.DiscardingSink;
import io.ringflow.connector.GeneratorSource;
import io.ringflow.graph.Partitioning;
import io.ringflow.graph.StreamGraph;
import io.ringflow.graph.StreamNode;
import io.ringflow.testing.Jobs;
import io.ringflow.testing.NoLeakedThreads;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every mistake a user can make fails with a clear exception at the point of the mistake, naming the fix. */
class BadInputTest {
    /** What the user function threw, to compare by identity with the job's failure cause. */
    private static final AtomicReference<Throwable> THROWN = new AtomicReference<>();

    /** A record type with a component that has no codec. */
    private record Basket(String id, List<Object> items) {
    }

    /** Throws a checked exception on record 300; a static class, so each subtask gets a serialized copy. */
    private static final class FailingAt300 extends KeyedProcessFunction<Long, Long, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processElement(Long value, Context ctx, Collector<Long> out) throws IOException {
            if (value == 300) {
                IOException failure = new IOException("disk gone at " + value);
                THROWN.set(failure);
                throw failure;
            }
            out.collect(value);
        }
    }

    private static JobExecutionException runToFailure(StreamEnvironment env, String name) {
        JobClient job = env.executeAsync(name);
        try {
            JobExecutionException failed = assertThrows(JobExecutionException.class, () -> job.await(Jobs.TIMEOUT));
            assertEquals(JobStatus.FAILED, job.status());
            assertSame(failed.getCause(), job.failureCause().orElseThrow());
            return failed;
        } finally {
            Jobs.stop(job);
        }
    }

    private static void assertMessage(Throwable e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "expected '" + part + "' in: " + e.getMessage());
        }
    }

    /** Tests run with -Xmx1g, so about 1 GiB of direct memory: four rings of 512 MiB do not fit. */
    @Test
    void shouldNameTheRingSizesAndTheLimitWhenRingsDoNotFitInDirectMemoryAndFreeThoseMade() {
        long before = OffHeapMemory.allocatedBytes();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(1 << 19).setSlotSize(1024);
        env.fromSource(GeneratorSource.bounded(10, n -> n), WatermarkStrategy.noWatermarks(), "numbers")
            .keyBy(n -> n).map(n -> n).sinkTo(DiscardingSink.create());

        InvalidJobException refused = assertThrows(InvalidJobException.class, () -> env.executeAsync("big-rings"));
        assertTrue(refused.getMessage().contains("4 × 536870912 bytes") && refused.getMessage().contains("ringflow.channel.ring-size")
            && refused.getMessage().contains("-XX:MaxDirectMemorySize"), refused.getMessage());
        assertEquals(before, OffHeapMemory.allocatedBytes(), "the rings made before the one that failed are freed");
    }

    @Test
    void shouldFailJobWhenARecordIsLargerThanTheMaximum() {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(16).setMaxRecordSize(1000);
        env.fromSource(GeneratorSource.bounded(50, n -> n == 30 ? "x".repeat(2000) : "small " + n),
                WatermarkStrategy.noWatermarks(), "strings").uid("strings")
            .rebalance().map(s -> s.length()).name("length")
            .sinkTo(DiscardingSink.create());
        long memoryBefore = OffHeapMemory.allocatedBytes();

        JobExecutionException failed = runToFailure(env, "too-large");

        RecordTooLargeException cause = assertInstanceOf(RecordTooLargeException.class, failed.getCause());
        assertMessage(cause, "record of 2004 bytes", "'strings'", "largest record a ring takes (1000 bytes",
            "StreamEnvironment.setMaxRecordSize(2048)", "ringflow.channel.max-record-size");
        assertEquals(memoryBefore, OffHeapMemory.allocatedBytes(), "a failed job frees its rings");
    }

    @Test
    void shouldRunTheSameRecordWithTheMaximumTheMessageNames() {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(32).setMaxRecordSize(2048);
        DiscardingSink<Integer> sink = DiscardingSink.create();
        env.fromSource(GeneratorSource.bounded(50, n -> n == 30 ? "x".repeat(2000) : "small " + n),
                WatermarkStrategy.noWatermarks(), "strings")
            .rebalance().map(s -> s.length()).sinkTo(sink);
        assertEquals(JobStatus.FINISHED, Jobs.run(env, "large-enough").status());
        assertEquals(50, sink.count());
    }

    /** No checkpoint would follow the end of input: the sink's last transaction would never commit. */
    @Test
    void shouldRefuseABoundedJobWhoseLastOutputCouldNotCommit(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).enableCheckpointing(10);
        env.getCheckpointConfig().setCheckpointsAfterTasksFinish(false).storage().checkpointsDir(dir.resolve("checkpoints"));
        env.fromSource(GeneratorSource.bounded(1_000, n -> n), WatermarkStrategy.noWatermarks(), "numbers").uid("numbers")
            .sinkTo(io.ringflow.connector.ChronicleLogSink.exactlyOnce(dir.resolve("log"), Codecs.LONG)).uid("log");

        InvalidJobException refused = assertThrows(InvalidJobException.class, () -> env.executeAsync("last-commit"));
        assertMessage(refused, CheckpointConfig.AFTER_TASKS_FINISH + " is off", "'numbers'", "uid log", "records lost",
            "leave it on");

        env.getCheckpointConfig().setCheckpointsAfterTasksFinish(true);
        assertEquals(JobStatus.FINISHED, Jobs.run(env, "last-commit").status());
        assertEquals(1_000, io.ringflow.connector.ChronicleLogReader.readCommitted(dir.resolve("log"), Codecs.LONG).size());
    }

    @Test
    void shouldFailJobOnANullKey() {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(16);
        env.fromSource(GeneratorSource.bounded(100, n -> n % 10 == 7 ? "" : "k" + n % 3), WatermarkStrategy.noWatermarks(), "words")
            .keyBy(word -> word.isEmpty() ? null : word)
            .reduce((a, b) -> a)
            .sinkTo(DiscardingSink.create());

        JobExecutionException failed = runToFailure(env, "null-key");

        assertInstanceOf(NullPointerException.class, failed.getCause());
        assertMessage(failed.getCause(), "keys must be non-null", "filter them out before keyBy");
    }

    @Test
    void shouldRejectACyclicGraphAtExecute() {
        StreamEnvironment env = StreamEnvironment.create();
        env.fromSource(GeneratorSource.bounded(10, n -> n), WatermarkStrategy.noWatermarks(), "src")
            .map(n -> n + 1).name("a")
            .map(n -> n * 2).name("b")
            .sinkTo(DiscardingSink.create());
        StreamGraph graph = env.getStreamGraph();
        StreamNode a = node(graph, "a");
        StreamNode b = node(graph, "b");
        graph.connect(b, a, Partitioning.REBALANCE, null);

        InvalidJobException e = assertThrows(InvalidJobException.class, () -> env.execute("cyclic"));
        assertMessage(e, "cycle", "'a'", "'b'", "remove the edge");
        assertTrue(NoLeakedThreads.ringflowThreads().isEmpty(), "nothing started");
    }

    private static StreamNode node(StreamGraph graph, String name) {
        return graph.nodes().stream().filter(node -> node.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void shouldRejectParallelismAboveMaxParallelismWhereItIsSet() {
        StreamEnvironment env = StreamEnvironment.create().setMaxParallelism(4);
        DataStream<Long> numbers = env.fromSource(GeneratorSource.bounded(10, n -> n), WatermarkStrategy.noWatermarks(), "src");
        InvalidJobException onOperator = assertThrows(InvalidJobException.class, () -> numbers.setParallelism(5));
        assertMessage(onOperator, "parallelism 5", "'src'", "max parallelism 4", "setMaxParallelism");
        assertThrows(InvalidJobException.class, () -> env.setParallelism(5));
        assertThrows(InvalidJobException.class, () -> numbers.sinkTo(DiscardingSink.create()).setParallelism(5));
        assertThrows(InvalidJobException.class, () -> numbers.setParallelism(0));
    }

    @Test
    void shouldRejectParallelismAboveAMaxParallelismLoweredLaterAtExecute() {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(8);
        env.fromSource(GeneratorSource.bounded(10, n -> n), WatermarkStrategy.noWatermarks(), "src")
            .sinkTo(DiscardingSink.create());
        env.setMaxParallelism(4);

        InvalidJobException e = assertThrows(InvalidJobException.class, () -> env.execute("lowered"));
        assertMessage(e, "parallelism 8", "'src'", "exceeds the max parallelism 4", "setMaxParallelism");
    }

    @Test
    void shouldRejectARecordTypeWithoutCodecCrossingARingAtExecute() {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        env.fromCollection(List.of(new Basket("a", List.of("apple")), new Basket("b", List.of())))
            .keyBy(Basket::id)
            .process(new KeyedProcessFunction<String, Basket, String>() {
                private static final long serialVersionUID = 1L;

                @Override
                public void processElement(Basket value, Context ctx, Collector<String> out) {
                    out.collect(value.id());
                }
            })
            .sinkTo(DiscardingSink.create());

        InvalidJobException e = assertThrows(InvalidJobException.class, () -> env.execute("no-codec"));
        assertMessage(e, Basket.class.getName(), "has no codec", "Basket.items[]", ".returns(codec)", "'Collection Source'");
        assertEquals(1, e.getMessage().split("returns", -1).length - 1, "one fix: " + e.getMessage());
    }

    @Test
    void shouldRunARecordTypeWithoutCodecThatNeverCrossesARing() {
        StreamEnvironment env = StreamEnvironment.create();
        CollectSink<String> sink = new CollectSink<>();
        env.fromCollection(List.of(new Basket("a", List.of("apple", "pear")))).returns(Basket.class)
            .map(basket -> basket.id() + basket.items().size())
            .sinkTo(sink);
        // the collection source runs at parallelism 1 and the rest inherits 1: one chain, no ring
        assertEquals(JobStatus.FINISHED, Jobs.run(env, "chained-no-codec").status());
        assertEquals(List.of("a2"), sink.getResults());
    }

    @Test
    void shouldRejectExecutingAnEnvironmentTwice() {
        StreamEnvironment env = StreamEnvironment.create();
        env.fromElements(1L, 2L, 3L).sinkTo(DiscardingSink.create());
        assertEquals(JobStatus.FINISHED, Jobs.run(env, "first").status());

        InvalidJobException e = assertThrows(InvalidJobException.class, () -> env.execute("second"));
        assertMessage(e, "already ran job 'first'", "create a new StreamEnvironment");
    }

    @Test
    void shouldRejectAUidUsedTwiceAtTheSecondCall() {
        StreamEnvironment env = StreamEnvironment.create();
        DataStream<Long> numbers = env.fromElements(1L, 2L).uid("numbers");
        DataStream<Long> doubled = numbers.map(n -> n * 2).name("double");

        InvalidJobException e = assertThrows(InvalidJobException.class, () -> doubled.uid("numbers"));
        assertMessage(e, "uid 'numbers'", "already used", "'double'", "unique");
        DataStreamSink<Long> sink = doubled.uid("doubled").sinkTo(DiscardingSink.create());
        assertThrows(InvalidJobException.class, () -> sink.uid("doubled"));
    }

    @Test
    void shouldRejectOperatorSettingsOnAPartitioning() {
        StreamEnvironment env = StreamEnvironment.create();
        KeyedStream<Long, Long> keyed = env.fromElements(1L, 2L).keyBy(n -> n);
        InvalidJobException e = assertThrows(InvalidJobException.class, () -> keyed.uid("keyed"));
        assertMessage(e, "uid()", "HASH", "call it on the operator that follows");
        assertThrows(InvalidJobException.class, () -> env.fromElements(1L).rebalance().setParallelism(2));
        assertThrows(InvalidJobException.class, () -> env.fromElements(1L).keyBy(null));
    }

    @Test
    void shouldReportTheUsersOwnExceptionWhenAFunctionFails() {
        THROWN.set(null);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(16);
        env.fromSource(GeneratorSource.bounded(1_000, n -> n), WatermarkStrategy.noWatermarks(), "numbers")
            .map(n -> {
                if (n == 555) {
                    IllegalStateException boom = new IllegalStateException("boom at " + n);
                    THROWN.set(boom);
                    throw boom;
                }
                return n;
            })
            .keyBy(n -> n % 4).reduce(Long::sum)
            .sinkTo(DiscardingSink.create());

        JobExecutionException failed = runToFailure(env, "failing-map");

        assertSame(THROWN.get(), failed.getCause());
        assertEquals("boom at 555", failed.getCause().getMessage());
        assertMessage(failed, "job 'failing-map' failed", "boom at 555");
    }

    @Test
    void shouldReportACheckedExceptionOfAKeyedFunctionUnwrapped() {
        THROWN.set(null);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(16);
        env.fromSource(GeneratorSource.unbounded(n -> n), WatermarkStrategy.noWatermarks(), "numbers")
            .keyBy(n -> n % 4)
            .process(new FailingAt300())
            .sinkTo(DiscardingSink.create());

        JobExecutionException failed = runToFailure(env, "failing-process");

        assertSame(THROWN.get(), failed.getCause(), "the unbounded source is cancelled; the IOException is the cause");
        assertInstanceOf(IOException.class, failed.getCause());
    }

    @Test
    void shouldReportAFailingSinkAndAwaitWithoutTimeoutToo() {
        StreamEnvironment env = StreamEnvironment.create();
        env.fromElements("a", "b", "c").sinkTo(context -> (element, timestamp) -> {
            if (element.equals("b")) {
                throw new UnsupportedOperationException("cannot write " + element);
            }
        });
        JobClient job = env.executeAsync("failing-sink");
        try {
            JobExecutionException failed = assertThrows(JobExecutionException.class, job::await);
            assertInstanceOf(UnsupportedOperationException.class, failed.getCause());
            assertEquals("cannot write b", failed.getCause().getMessage());
        } finally {
            Jobs.stop(job);
        }
    }

    /** As in Flink, keyed state is for functions applied right after keyBy; the error names the operator and the fix. */
    @Test
    void shouldNameTheOperatorWhenAMapNotAfterKeyByAsksForKeyedState() {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(16);
        env.fromSource(GeneratorSource.bounded(100, n -> n), WatermarkStrategy.noWatermarks(), "numbers")
            .keyBy(n -> n % 4)
            .map(n -> n).name("keyed map")
            .map(new CountingMap()).name("counting map")
            .sinkTo(DiscardingSink.create());

        JobExecutionException failed = runToFailure(env, "unkeyed-map");

        assertMessage(failed.getCause(), "'counting map'", "not applied to one", "right after keyBy(...)");
    }

    /** Asks for keyed state in open(). */
    private static final class CountingMap extends RichFunction implements MapFunction<Long, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public void open() {
            getRuntimeContext().getState(new io.ringflow.api.state.ValueStateDescriptor<>("count", Codecs.LONG));
        }

        @Override
        public Long map(Long value) {
            return value;
        }
    }

    /** Fails in open(), before any record. */
    private static final class FailingOpen extends RichFunction implements MapFunction<Long, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public void open() {
            IllegalArgumentException failure = new IllegalArgumentException("bad config in open");
            THROWN.compareAndSet(null, failure);
            throw failure;
        }

        @Override
        public Long map(Long value) {
            return value;
        }
    }

    @Test
    void shouldReportAnExceptionThrownInOpen() {
        THROWN.set(null);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(16);
        env.fromSource(GeneratorSource.unbounded(n -> n), WatermarkStrategy.noWatermarks(), "numbers")
            .rebalance().map(new FailingOpen())
            .sinkTo(DiscardingSink.create());
        long memoryBefore = OffHeapMemory.allocatedBytes();

        JobExecutionException failed = runToFailure(env, "failing-open");

        assertInstanceOf(IllegalArgumentException.class, failed.getCause());
        assertEquals("bad config in open", failed.getCause().getMessage());
        assertEquals(memoryBefore, OffHeapMemory.allocatedBytes());
    }

    @Test
    void shouldReportAFailingSourceGeneratorAndSinkFactory() {
        StreamEnvironment env = StreamEnvironment.create().setRingSize(16);
        env.fromSource(GeneratorSource.bounded(100, n -> {
                if (n == 42) {
                    throw new UncheckedIOException("feed broke at 42", new IOException("eof"));
                }
                return n;
            }), WatermarkStrategy.noWatermarks(), "feed")
            .sinkTo(DiscardingSink.create());
        JobExecutionException failed = runToFailure(env, "failing-source");
        assertInstanceOf(UncheckedIOException.class, failed.getCause());
        assertEquals("feed broke at 42", failed.getCause().getMessage());

        StreamEnvironment second = StreamEnvironment.create();
        second.fromElements(1L).sinkTo(context -> {
            throw new IllegalStateException("no connection for subtask " + context.subtaskIndex());
        });
        JobExecutionException noWriter = runToFailure(second, "failing-sink-factory");
        assertEquals("no connection for subtask 0", noWriter.getCause().getMessage());
    }

    @Test
    void shouldFailJobOnANullRecordCrossingARing() {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(16);
        env.fromSource(GeneratorSource.bounded(100, n -> n), WatermarkStrategy.noWatermarks(), "numbers")
            .map(n -> n == 7 ? null : n).name("sometimes null")
            .rebalance().map(n -> n)
            .sinkTo(DiscardingSink.create());

        JobExecutionException failed = runToFailure(env, "null-record");

        assertInstanceOf(NullPointerException.class, failed.getCause());
        assertMessage(failed.getCause(), "cannot encode null", "must be non-null");
    }

    @Test
    void shouldRejectAKeyTypeWithoutCodecAtKeyBy() {
        StreamEnvironment env = StreamEnvironment.create();
        DataStream<Basket> baskets = env.fromCollection(List.of(new Basket("a", List.of("apple"))));
        InvalidJobException e = assertThrows(InvalidJobException.class, () -> baskets.keyBy(Basket::items));
        assertMessage(e, "keys of keyBy after 'Collection Source'", "no codec", "keyBy(selector, Codecs.forClass(");
    }

    /** An accumulator type without codec. */
    private static final class ListAccumulator implements AggregateFunction<Long, ArrayList<Long>, Long> {
        private static final long serialVersionUID = 1L;

        @Override
        public ArrayList<Long> createAccumulator() {
            return new ArrayList<>();
        }

        @Override
        public ArrayList<Long> add(Long value, ArrayList<Long> accumulator) {
            accumulator.add(value);
            return accumulator;
        }

        @Override
        public Long getResult(ArrayList<Long> accumulator) {
            return (long) accumulator.size();
        }

        @Override
        public ArrayList<Long> merge(ArrayList<Long> a, ArrayList<Long> b) {
            a.addAll(b);
            return a;
        }
    }

    @Test
    void shouldRejectAWindowAccumulatorWithoutCodecAtAggregate() {
        StreamEnvironment env = StreamEnvironment.create();
        var windowed = env.fromElements(1L, 2L).keyBy(n -> n)
            .window(TumblingEventTimeWindows.of(Duration.ofSeconds(1)));
        InvalidJobException e = assertThrows(InvalidJobException.class, () -> windowed.aggregate(new ListAccumulator()));
        assertMessage(e, "accumulator", "ListAccumulator", "no codec", "aggregate(function, accumulatorCodec, windowFunction)");
    }

    @Test
    void shouldRejectRingsLargerThanABufferCanHoldAtExecuteNamingTheKeys() {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(1 << 24).setSlotSize(1024);
        env.fromElements(1L, 2L).rebalance().map(n -> n).sinkTo(DiscardingSink.create());
        long memoryBefore = OffHeapMemory.allocatedBytes();

        InvalidJobException e = assertThrows(InvalidJobException.class, () -> env.execute("huge-rings"));

        assertMessage(e, "ringflow.channel.ring-size", "ringflow.channel.slot-size");
        assertEquals(memoryBefore, OffHeapMemory.allocatedBytes());
        assertTrue(NoLeakedThreads.ringflowThreads().isEmpty(), "nothing started");
    }

    @Test
    void shouldRunStreamingModeAndRefuseBatchModes() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setRuntimeMode(RuntimeExecutionMode.STREAMING);
        try (CloseableIterator<Long> out = env.fromSequence(1, 3).keyBy(v -> 0L).reduce(Long::sum).executeAndCollect()) {
            List<Long> sums = new java.util.ArrayList<>();
            out.forEachRemaining(sums::add);
            assertEquals(List.of(1L, 3L, 6L), sums, "streaming: a running sum per record");
        }
        for (RuntimeExecutionMode mode : List.of(RuntimeExecutionMode.BATCH, RuntimeExecutionMode.AUTOMATIC)) {
            InvalidJobException e = assertThrows(InvalidJobException.class, () -> StreamEnvironment.create().setRuntimeMode(mode));
            assertMessage(e, "runtime mode " + mode, "STREAMING");
        }
    }
}
