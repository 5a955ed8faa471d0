package io.ringflow.operator;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.AsyncFunction;
import io.ringflow.api.functions.AsyncRetryPredicate;
import io.ringflow.api.functions.AsyncRetryStrategy;
import io.ringflow.api.functions.ResultFuture;
import io.ringflow.api.state.ListState;
import io.ringflow.api.state.ListStateDescriptor;
import io.ringflow.api.tuple.Tuple2;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Flink's async I/O operator: calls the {@link AsyncFunction} for each record and emits its
 * results when the request completes, in input order ({@code ordered}) or as they complete
 * (unordered; a watermark still waits for every record before it, and no record after it
 * overtakes it). At most {@code capacity} requests are in flight: a record beyond that waits,
 * on the task thread, for the oldest to complete or time out.
 *
 * <p>Completions come on other threads: they only store their outcome and post a drain to the
 * task's mailbox, so results are emitted, and failures thrown, on the task thread. A checkpoint
 * keeps the input of every record whose results were not emitted yet (with its timestamp), and a
 * restore requests them again: each record's results are emitted once.
 */
public final class AsyncWaitOperator<IN, OUT> extends UdfOperator<IN, OUT, AsyncFunction<IN, OUT>> {
    private static final long WAIT_PARK_NS = TimeUnit.MILLISECONDS.toNanos(1); // a completion unparks at once

    private final boolean ordered;
    private final long timeoutMs;
    private final int capacity;
    private final Codec<IN> inputCodec;
    private final AsyncRetryStrategy<OUT> retryStrategy; // null: no retries
    private final ArrayDeque<Entry<IN, OUT>> queue = new ArrayDeque<>(); // task thread only
    private final AtomicBoolean drainPosted = new AtomicBoolean();
    private int inFlightRecords; // record entries in the queue
    private ListState<Tuple2<Long, IN>> pendingState; // (timestamp, input) of each record whose results were not emitted
    private Executor mailbox = command -> {
        throw new IllegalStateException("the async operator was not given its task's mailbox");
    };

    public AsyncWaitOperator(AsyncFunction<IN, OUT> function, Codec<IN> inputCodec, boolean ordered, long timeoutMs,
                             int capacity) {
        this(function, inputCodec, ordered, timeoutMs, capacity, null);
    }

    /** With {@code retryStrategy} (Flink's {@code orderedWaitWithRetry}), or none when null. */
    public AsyncWaitOperator(AsyncFunction<IN, OUT> function, Codec<IN> inputCodec, boolean ordered, long timeoutMs,
                             int capacity, AsyncRetryStrategy<OUT> retryStrategy) {
        super(function, null, null, true);
        this.retryStrategy = retryStrategy;
        if (capacity <= 0) {
            throw new IllegalArgumentException("async I/O needs a capacity above 0, got " + capacity);
        }
        this.ordered = ordered;
        this.timeoutMs = timeoutMs;
        this.capacity = capacity;
        this.inputCodec = inputCodec;
    }

    /** Where completions post the drain that emits their results: the task's mailbox. Set while wiring. */
    public void completionsRunOn(Executor taskMailbox) {
        this.mailbox = taskMailbox;
    }

    @Override
    public void open() throws Exception {
        super.open();
        Codec<Tuple2<Long, IN>> pendingCodec = Codecs.tuple(Codecs.LONG, inputCodec);
        pendingState = operatorState().getListState(new ListStateDescriptor<>("async-wait-pending", pendingCodec));
        List<Tuple2<Long, IN>> restored = new ArrayList<>();
        for (Tuple2<Long, IN> pending : pendingState.get()) {
            restored.add(pending);
        }
        pendingState.update(List.of());
        for (Tuple2<Long, IN> pending : restored) {
            processRecord(pending.f1, pending.f0); // their results were never emitted: request again
        }
    }

    @Override
    protected void processRecord(IN value, long timestamp) throws Exception {
        while (inFlightRecords >= capacity) {
            waitForCompletions();
        }
        long deadlineMs = timeoutMs > 0 ? context.clock().currentTimeMillis() + timeoutMs : Long.MAX_VALUE; // 0: no timeout, as Flink
        Entry<IN, OUT> entry = new Entry<>(value, timestamp, deadlineMs);
        queue.add(entry);
        inFlightRecords++;
        context.scheduler().wakeAt(entry.deadlineMs);
        function.asyncInvoke(value, new Attempt(entry, entry.outcome));
        emitCompleted();
    }

    @Override
    public void processWatermark(long watermark) throws Exception {
        if (queue.isEmpty()) {
            output.emitWatermark(watermark);
        } else {
            queue.add(Entry.watermark(watermark));
        }
    }

    /** Emits what completed, in the order the mode allows; throws the failure of a failed request. */
    private void emitCompleted() throws Exception {
        if (retryStrategy != null) {
            scheduleRetries();
        }
        if (ordered) {
            while (!queue.isEmpty() && queue.peekFirst().isDone()) {
                emit(queue.pollFirst());
            }
            return;
        }
        while (!queue.isEmpty()) {
            // records before the first watermark go as they complete; the watermark once they all went
            Iterator<Entry<IN, OUT>> entries = queue.iterator();
            while (entries.hasNext()) {
                Entry<IN, OUT> entry = entries.next();
                if (entry.isWatermark) {
                    break;
                }
                if (entry.isDone()) {
                    entries.remove();
                    emit(entry);
                }
            }
            if (queue.isEmpty() || !queue.peekFirst().isWatermark) {
                return;
            }
            emit(queue.pollFirst());
        }
    }

    private void emit(Entry<IN, OUT> entry) throws Exception {
        if (entry.isWatermark) {
            output.emitWatermark(entry.timestamp);
            return;
        }
        inFlightRecords--;
        Object outcome = entry.outcome;
        if (outcome instanceof Failure failure) {
            throw new AsyncRequestFailedException("the async function of " + context.describe() + " failed for input "
                + entry.input, failure.error());
        }
        @SuppressWarnings("unchecked")
        Collection<OUT> results = (Collection<OUT>) outcome;
        for (OUT result : results) {
            output.collect(result, entry.timestamp);
        }
    }

    /** On the task thread, while no record may enter: emit, time out what is due, else park until a completion unparks it. */
    private void waitForCompletions() throws Exception {
        emitCompleted();
        onProcessingTime(context.clock().currentTimeMillis());
        if (inFlightRecords >= capacity) {
            if (Thread.interrupted()) {
                throw new InterruptedException(context.describe() + " was cancelled while waiting for async requests");
            }
            LockSupport.parkNanos(WAIT_PARK_NS);
        }
    }

    /**
     * Requests past their deadline get the function's {@code timeout}, once each, also while a retry
     * waits (the timeout covers all of an input's requests, as in Flink); due retries are made.
     */
    @Override
    public void onProcessingTime(long nowMs) throws Exception {
        for (Entry<IN, OUT> entry : queue) {
            if (entry.isWatermark) {
                continue;
            }
            Object outcome = entry.outcome;
            if (!entry.timedOut && !Entry.isDone(outcome) && entry.deadlineMs <= nowMs) {
                Object next = new Object();
                if (Entry.OUTCOME.compareAndSet(entry, outcome, next)) { // else it completed just now
                    entry.timedOut = true;
                    entry.retryAtMs = Long.MAX_VALUE;
                    function.timeout(entry.input, new Attempt(entry, next));
                }
            } else if (outcome == RETRY && entry.retryAtMs <= nowMs) {
                Object next = new Object();
                entry.retryAtMs = Long.MAX_VALUE;
                entry.attempts++;
                entry.outcome = next; // only this thread replaces RETRY
                function.asyncInvoke(entry.input, new Attempt(entry, next));
            }
        }
        emitCompleted();
    }

    /** Each request the function asked to retry gets its time, after the strategy's backoff. */
    private void scheduleRetries() {
        long nowMs = -1;
        for (Entry<IN, OUT> entry : queue) {
            if (entry.outcome == RETRY && entry.retryAtMs == Long.MAX_VALUE) {
                nowMs = nowMs < 0 ? context.clock().currentTimeMillis() : nowMs;
                entry.retryAtMs = nowMs + retryStrategy.getBackoffTimeMillis(entry.attempts);
                context.scheduler().wakeAt(entry.retryAtMs);
            }
        }
    }

    @Override
    public long nextProcessingTimeMs() {
        long next = Long.MAX_VALUE;
        for (Entry<IN, OUT> entry : queue) {
            if (!entry.isWatermark && !entry.timedOut && !entry.isDone()) {
                next = Math.min(next, Math.min(entry.deadlineMs, entry.retryAtMs));
            }
        }
        return next;
    }

    /** Any thread: whether {@code result} or {@code error} of request {@code attempts} calls for another one. */
    private boolean retries(Entry<IN, OUT> entry, Collection<OUT> result, Throwable error) {
        if (retryStrategy == null || entry.timedOut || !retryStrategy.canRetry(entry.attempts)) {
            return false;
        }
        AsyncRetryPredicate<OUT> predicate = retryStrategy.getRetryPredicate();
        return result != null ? predicate.resultPredicate().map(test -> test.test(result)).orElse(false)
            : predicate.exceptionPredicate().map(test -> test.test(error)).orElse(false);
    }

    /** End of input: every request completes (or times out) and its results go out before the operators after this one finish. */
    @Override
    public void finish() throws Exception {
        while (!queue.isEmpty()) {
            emitCompleted();
            onProcessingTime(context.clock().currentTimeMillis());
            if (!queue.isEmpty()) {
                if (Thread.interrupted()) {
                    throw new InterruptedException(context.describe() + " was cancelled while its async requests ended");
                }
                LockSupport.parkNanos(WAIT_PARK_NS);
            }
        }
        super.finish();
    }

    @Override
    public io.ringflow.snapshot.OperatorSnapshot snapshotState(long checkpointId) throws Exception {
        List<Tuple2<Long, IN>> pending = new ArrayList<>(inFlightRecords);
        for (Entry<IN, OUT> entry : queue) {
            if (!entry.isWatermark) {
                pending.add(Tuple2.of(entry.timestamp, entry.input));
            }
        }
        pendingState.update(pending);
        return super.snapshotState(checkpointId);
    }

    /** Records in flight now (tests, metrics). */
    public int inFlightRecords() {
        return inFlightRecords;
    }

    /** Any thread: a request completed. The first completion since the last drain posts one. */
    private void completed() {
        if (drainPosted.compareAndSet(false, true)) {
            mailbox.execute(this::drainPosted);
        }
    }

    private void drainPosted() {
        drainPosted.set(false);
        try {
            emitCompleted();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw Rethrow.unchecked(e);
        }
    }

    /** What a request completed with when the retry strategy wants it made again. */
    private static final Object RETRY = new Object();

    /**
     * A record in flight or a watermark held behind records. {@code outcome} is a token of the
     * request in flight (a plain object, replaced at each retry and timeout, so a late completion
     * of an earlier request changes nothing), {@link #RETRY}, or the results (a list) or a Failure.
     */
    private static final class Entry<IN, OUT> {
        static final VarHandle OUTCOME;

        static {
            try {
                OUTCOME = MethodHandles.lookup().findVarHandle(Entry.class, "outcome", Object.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final IN input;
        final long timestamp; // a watermark's time
        final long deadlineMs;
        final boolean isWatermark;
        volatile int attempts = 1; // requests made; written by the task thread before each
        volatile boolean timedOut; // written by the task thread
        long retryAtMs = Long.MAX_VALUE; // task thread
        volatile Object outcome = new Object();

        Entry(IN input, long timestamp, long deadlineMs) {
            this(input, timestamp, deadlineMs, false);
        }

        private Entry(IN input, long timestamp, long deadlineMs, boolean isWatermark) {
            this.input = input;
            this.timestamp = timestamp;
            this.deadlineMs = deadlineMs;
            this.isWatermark = isWatermark;
        }

        static <IN, OUT> Entry<IN, OUT> watermark(long watermark) {
            Entry<IN, OUT> entry = new Entry<>(null, watermark, Long.MAX_VALUE, true);
            entry.outcome = List.of();
            return entry;
        }

        boolean isDone() {
            return isDone(outcome);
        }

        static boolean isDone(Object outcome) {
            return outcome instanceof List || outcome instanceof Failure;
        }
    }

    /** The {@link ResultFuture} of one request: completes its entry unless a retry or timeout replaced the request. */
    private final class Attempt implements ResultFuture<OUT> {
        private final Entry<IN, OUT> entry;
        private final Object token;

        Attempt(Entry<IN, OUT> entry, Object token) {
            this.entry = entry;
            this.token = token;
        }

        @Override
        public void complete(Collection<OUT> result) {
            if (result == null) {
                completeExceptionally(new NullPointerException("ResultFuture.complete got null; complete with an empty collection for no result"));
                return;
            }
            settle(retries(entry, result, null) ? RETRY : new ArrayList<>(result));
        }

        @Override
        public void completeExceptionally(Throwable error) {
            settle(retries(entry, null, error) ? RETRY : new Failure(error));
        }

        private void settle(Object outcome) {
            if (Entry.OUTCOME.compareAndSet(entry, token, outcome)) {
                completed();
            }
        }
    }

    private record Failure(Throwable error) {
    }
}
