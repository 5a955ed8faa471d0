package io.ringflow.api;

import io.ringflow.api.functions.AsyncFunction;
import io.ringflow.api.functions.AsyncRetryStrategies;
import io.ringflow.api.functions.AsyncRetryStrategy;
import io.ringflow.api.functions.RetryPredicates;
import io.ringflow.api.functions.ProcessAllWindowFunction;
import io.ringflow.api.functions.ResultFuture;
import io.ringflow.api.functions.RichAsyncFunction;
import io.ringflow.api.functions.RichMapFunction;
import io.ringflow.api.functions.OpenContext;
import io.ringflow.api.functions.Collector;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.api.window.TimeWindow;
import io.ringflow.api.window.TumblingEventTimeWindows;
import io.ringflow.operator.AsyncRequestFailedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Flink's async I/O ({@code AsyncDataStream}): requests completed on other threads after random
 * delays, at parallelism 2; order, capacity, timeouts, failures, watermarks, and every result once
 * through a failover with requests in flight at the checkpoints.
 */
@Timeout(120)
class AsyncIoTest {
    /** The "external system": answers on its own threads after 0–{@code maxDelayUs} µs. */
    static final ScheduledExecutorService CLIENT = Executors.newScheduledThreadPool(2, r -> {
        Thread thread = new Thread(r, "async-io-test-client");
        thread.setDaemon(true);
        return thread;
    });
    static final AtomicInteger OUTSTANDING = new AtomicInteger();
    static final AtomicInteger MAX_OUTSTANDING = new AtomicInteger();

    @AfterAll
    static void stopClient() {
        CLIENT.shutdownNow();
    }

    static void later(int maxDelayUs, Runnable answer) {
        CLIENT.schedule(answer, ThreadLocalRandom.current().nextInt(maxDelayUs + 1), TimeUnit.MICROSECONDS);
    }

    /** Answers {@code "subtask:value*10"} after a random delay; counts requests in flight. */
    public static class Times10 extends RichAsyncFunction<Long, String> {
        private final int maxDelayUs;
        private transient int subtask;

        Times10(int maxDelayUs) {
            this.maxDelayUs = maxDelayUs;
        }

        @Override
        public void open(OpenContext context) {
            subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        }

        @Override
        public void asyncInvoke(Long input, ResultFuture<String> result) {
            MAX_OUTSTANDING.accumulateAndGet(OUTSTANDING.incrementAndGet(), Math::max);
            later(maxDelayUs, () -> {
                OUTSTANDING.decrementAndGet();
                result.complete(List.of(subtask + ":" + input * 10));
            });
        }
    }

    private static long valueOf(String result) {
        return Long.parseLong(result.substring(result.indexOf(':') + 1));
    }

    @Test
    void orderedWaitEmitsEachSubtasksResultsInInputOrder() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        List<String> out = AsyncDataStream.orderedWait(env.fromSequence(0, 19_999), new Times10(2_000), 10, TimeUnit.SECONDS, 50)
            .executeAndCollect(40_000);
        assertEquals(20_000, out.size());
        Map<String, Long> lastOfSubtask = new HashMap<>();
        int outOfOrder = 0;
        for (String result : out) {
            String subtask = result.substring(0, result.indexOf(':'));
            Long last = lastOfSubtask.put(subtask, valueOf(result));
            if (last != null && last >= valueOf(result)) {
                outOfOrder++;
            }
        }
        assertEquals(0, outOfOrder, "results of one subtask out of input order");
        assertEquals(2, lastOfSubtask.size(), "both subtasks emitted");
        assertEquals(10L * 19_999 * 20_000 / 2, out.stream().mapToLong(AsyncIoTest::valueOf).sum());
    }

    @Test
    void unorderedWaitEmitsEveryResultOnceAndKeepsTheCapacity() throws Exception {
        OUTSTANDING.set(0);
        MAX_OUTSTANDING.set(0);
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        List<String> out = AsyncDataStream.unorderedWait(env.fromSequence(0, 9_999), new Times10(1_000), 10, TimeUnit.SECONDS, 8)
            .executeAndCollect(20_000);
        assertEquals(10_000, out.size());
        assertEquals(10_000, out.stream().map(AsyncIoTest::valueOf).distinct().count());
        assertTrue(MAX_OUTSTANDING.get() <= 2 * 8, "at most 8 requests in flight per subtask, saw " + MAX_OUTSTANDING.get());
        assertTrue(MAX_OUTSTANDING.get() > 2, "requests ran concurrently: at most " + MAX_OUTSTANDING.get() + " in flight");
    }

    /** Never answers input 7. */
    public static class SilentOnSeven implements AsyncFunction<Long, Long> {
        @Override
        public void asyncInvoke(Long input, ResultFuture<Long> result) {
            if (input != 7) {
                later(100, () -> result.complete(List.of(input)));
            }
        }
    }

    /** As {@link SilentOnSeven}, answering -1 for what timed out. */
    public static class SilentOnSevenWithFallback extends SilentOnSeven {
        @Override
        public void timeout(Long input, ResultFuture<Long> result) {
            result.complete(List.of(-input));
        }
    }

    @Test
    void aRequestThatTimesOutFailsTheJobUnlessTimeoutCompletesIt() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        AsyncDataStream.orderedWait(env.fromSequence(0, 99), new SilentOnSeven(), 50, TimeUnit.MILLISECONDS)
            .sinkTo(io.ringflow.connector.DiscardingSink.create());
        ExecutionException e = assertThrows(ExecutionException.class, () -> env.executeAsync("times-out").result().get());
        assertTrue(hasCause(e, TimeoutException.class), "failed with a TimeoutException: " + e);

        StreamEnvironment fallback = StreamEnvironment.create().setParallelism(1);
        List<Long> out = AsyncDataStream.orderedWait(fallback.fromSequence(0, 99), new SilentOnSevenWithFallback(), 50,
            TimeUnit.MILLISECONDS).executeAndCollect(200);
        assertEquals(100, out.size());
        assertEquals(-7L, out.get(7), "the fallback, in input order");
    }

    /** Fails input 500. */
    public static class FailsOn500 implements AsyncFunction<Long, Long> {
        @Override
        public void asyncInvoke(Long input, ResultFuture<Long> result) {
            later(100, () -> {
                if (input == 500) {
                    result.completeExceptionally(new IllegalStateException("the service refused 500"));
                } else {
                    result.complete(List.of(input));
                }
            });
        }
    }

    @Test
    void aFailedRequestFailsTheJobWithItsCause() {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        AsyncDataStream.unorderedWait(env.fromSequence(0, 999), new FailsOn500(), 10, TimeUnit.SECONDS)
            .sinkTo(io.ringflow.connector.DiscardingSink.create());
        ExecutionException e = assertThrows(ExecutionException.class, () -> env.executeAsync("fails").result().get());
        assertTrue(hasCause(e, AsyncRequestFailedException.class) && hasCause(e, IllegalStateException.class), e.toString());
    }

    /** Answers its input after a random delay. */
    public static class Echo implements AsyncFunction<Long, Long> {
        @Override
        public void asyncInvoke(Long input, ResultFuture<Long> result) {
            later(3_000, () -> result.complete(List.of(input)));
        }
    }

    /** Counts a window's records. */
    public static class CountAll extends ProcessAllWindowFunction<Long, Long, TimeWindow> {
        @Override
        public void process(Context context, Iterable<Long> elements, Collector<Long> out) {
            long count = 0;
            for (Long ignored : elements) {
                count++;
            }
            out.collect(count);
        }
    }

    @Test
    void unorderedResultsNeverOvertakeAWatermark() throws Exception {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        env.getConfig().setAutoWatermarkInterval(1);
        // event time = the value: a result behind a watermark past it would be dropped as late
        DataStream<Long> stamped = env.fromSequence(0, 49_999)
            .assignTimestampsAndWatermarks(WatermarkStrategy.<Long>forMonotonousTimestamps().withTimestampAssigner((v, t) -> v));
        List<Long> counts = AsyncDataStream.unorderedWait(stamped, new Echo(), 10, TimeUnit.SECONDS, 200)
            .windowAll(TumblingEventTimeWindows.of(Duration.ofMillis(100))).process(new CountAll())
            .executeAndCollect(10_000);
        assertEquals(500, counts.size(), "windows");
        assertEquals(50_000, counts.stream().mapToLong(Long::longValue).sum(), "records counted in their windows (none late)");
    }

    @Test
    void everyResultOnceThroughAFailoverWithRequestsInFlight(@TempDir Path dir) throws Exception {
        io.ringflow.testing.FailOnce.reset();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(256);
        env.enableCheckpointing(20);
        env.getCheckpointConfig().storage().checkpointsDir(dir.resolve("chk"));
        env.setRestartStrategy(RestartStrategy.fixedDelay(1, Duration.ZERO));
        int n = 40_000;
        Map<Long, Integer> counts = new HashMap<>();
        DataStream<Long> numbers = env.fromSequence(0, n - 1).uid("numbers").rebalance();
        try (CloseableIterator<Long> results = AsyncDataStream.unorderedWait(numbers, new Echo(), 10, TimeUnit.SECONDS, 100)
            .uid("echo").map(new io.ringflow.testing.FailOnce(30_000)).uid("fail-once").executeAndCollect("async-through-failover")) {
            results.forEachRemaining(v -> counts.merge(v, 1, Integer::sum));
        }
        assertTrue(io.ringflow.testing.FailOnce.failed(), "the failure was injected");
        assertEquals(0, counts.values().stream().filter(c -> c > 1).count(), "results emitted more than once");
        List<Long> missing = new ArrayList<>();
        for (long v = 0; v < n; v++) {
            if (!counts.containsKey(v)) {
                missing.add(v);
            }
        }
        assertEquals(List.of(), missing.subList(0, Math.min(10, missing.size())), missing.size() + " results missing");
        assertEquals(n, counts.size());
    }

    @Test
    void requestsInFlightAtACheckpointAreRequestedAgainAtAnotherParallelism(@TempDir Path dir) throws Exception {
        int n = 30_000;
        JobClient first = rescaleJob(dir, n, 3).executeAsync("async-rescale");
        try {
            io.ringflow.testing.Eventually.await("three checkpoints", () -> first.checkpointStats().stream()
                .filter(s -> s.status() == CheckpointStatus.COMPLETED).count() >= 3 || first.status() != JobStatus.RUNNING,
                first::checkpointStats);
            assertEquals(JobStatus.RUNNING, first.status(), () -> "still running: " + first.failureCause());
        } finally {
            first.cancel().get(30, TimeUnit.SECONDS);
        }
        JobClient second = rescaleJob(dir, n, 2).setRestore("latest").executeAsync("async-rescale");
        try {
            assertEquals(JobStatus.FINISHED, second.await(io.ringflow.testing.Jobs.TIMEOUT).status(),
                () -> "failed: " + second.failureCause());
        } finally {
            io.ringflow.testing.Jobs.stop(second);
        }
        assertEquals(java.util.stream.LongStream.range(0, n).boxed().toList(),
            io.ringflow.connector.ChronicleLogReader.readCommitted(dir.resolve("log"), io.ringflow.api.codec.Codecs.LONG)
                .stream().sorted().toList(), "every result committed exactly once");
    }

    /** A bounded source, unordered async requests at {@code parallelism} with 50 in flight each, an exactly-once log. */
    private static StreamEnvironment rescaleJob(Path dir, int n, int parallelism) {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(64).enableCheckpointing(10);
        env.getCheckpointConfig().setExternalizedCheckpointCleanup(
            CheckpointConfig.ExternalizedCheckpointCleanup.RETAIN_ON_CANCELLATION);
        env.getCheckpointConfig().storage().checkpointsDir(dir.resolve("checkpoints"));
        DataStream<Long> numbers = env.fromSource(io.ringflow.connector.GeneratorSource.bounded(n, v -> v),
            WatermarkStrategy.noWatermarks(), "numbers").uid("numbers").rebalance();
        AsyncDataStream.unorderedWait(numbers, new Echo(), 10, TimeUnit.SECONDS, 50).uid("echo").setParallelism(parallelism)
            .sinkTo(io.ringflow.connector.ChronicleLogSink.exactlyOnce(dir.resolve("log"), io.ringflow.api.codec.Codecs.LONG))
            .uid("log");
        return env;
    }

    static final Map<Long, AtomicInteger> ATTEMPTS = new java.util.concurrent.ConcurrentHashMap<>();

    /** Answers nothing the first {@code emptyTimes} times it is asked for an input, then fails once, then the input. */
    public static class Flaky implements AsyncFunction<Long, Long> {
        private final int emptyTimes;
        private final boolean failOnce;

        Flaky(int emptyTimes, boolean failOnce) {
            this.emptyTimes = emptyTimes;
            this.failOnce = failOnce;
        }

        @Override
        public void asyncInvoke(Long input, ResultFuture<Long> result) {
            int attempt = ATTEMPTS.computeIfAbsent(input, k -> new AtomicInteger()).incrementAndGet();
            later(200, () -> {
                if (attempt <= emptyTimes) {
                    result.complete(List.of());
                } else if (failOnce && attempt == emptyTimes + 1) {
                    result.completeExceptionally(new java.io.IOException("the service blinked for " + input));
                } else {
                    result.complete(List.of(input));
                }
            });
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void requestsAreRetriedAsTheStrategySaysThenEmittedOnce() throws Exception {
        ATTEMPTS.clear();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2);
        AsyncRetryStrategy<Long> onEmptyOrIo = new AsyncRetryStrategies.FixedDelayRetryStrategyBuilder<Long>(3, 1)
            .ifResult(RetryPredicates.EMPTY_RESULT_PREDICATE)
            .ifException(RetryPredicates.createExceptionTypePredicate(java.io.IOException.class)).build();
        List<Long> out = AsyncDataStream.orderedWaitWithRetry(env.fromSequence(0, 1_999), new Flaky(2, true), 10,
            TimeUnit.SECONDS, 20, onEmptyOrIo).executeAndCollect(4_000);
        assertEquals(2_000, out.size());
        assertEquals(2_000, out.stream().distinct().count());
        assertTrue(ATTEMPTS.values().stream().allMatch(a -> a.get() == 4), "two empty answers, a failure, then the result: "
            + ATTEMPTS.values().stream().map(AtomicInteger::get).distinct().toList());

        ATTEMPTS.clear();
        AsyncRetryStrategy<Long> twice = new AsyncRetryStrategies.ExponentialBackoffDelayRetryStrategyBuilder<Long>(2, 1, 4, 2.0)
            .ifResult(RetryPredicates.EMPTY_RESULT_PREDICATE).build();
        List<Long> empty = AsyncDataStream.unorderedWaitWithRetry(StreamEnvironment.create().setParallelism(1).fromSequence(0, 9),
            new Flaky(5, false), 10, TimeUnit.SECONDS, 5, twice).executeAndCollect(100);
        assertEquals(List.of(), empty, "still empty after the first request and two retries: the empty result is emitted");
        assertTrue(ATTEMPTS.values().stream().allMatch(a -> a.get() == 3), "1 request + 2 retries each");
    }

    @Test
    void aCapacityBelowOneIsRejectedWhenBuilt() {
        StreamEnvironment env = StreamEnvironment.create();
        InvalidJobException capacity = assertThrows(InvalidJobException.class,
            () -> AsyncDataStream.orderedWait(env.fromSequence(0, 9), new Echo(), 1, TimeUnit.SECONDS, 0));
        assertTrue(capacity.getMessage().contains("capacity 0"), capacity.getMessage());
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
