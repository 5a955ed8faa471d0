package io.ringflow.bench.harness;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.connector.InputStatus;
import io.ringflow.api.connector.ReaderOutput;
import io.ringflow.api.connector.SourceReader;
import io.ringflow.api.connector.SourceReaderContext;
import io.ringflow.connector.ChronicleLogSource;
import io.ringflow.storage.log.LogDirectory;
import org.HdrHistogram.Recorder;
import org.agrona.concurrent.IdleStrategy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * W5's reader: a thread of the harness's JVM that tails the exactly-once log read-committed
 * through the engine's own tailing reader ({@link ChronicleLogSource#tailing}, run outside any
 * job), as a consumer in another process would. When a record becomes visible it records
 * {@code nanoTime() - createdNanos} and checks the record: the keyed function emits counts
 * 1, 2, 3, ... per key, so a count other than one more than the key's last is a record seen twice
 * or missing, and the sum must be that of the key's first {@code count} events.
 */
final class VisibilityReader implements LatencyProbe, AutoCloseable {
    static final Codec<KeyedCount> CODEC = Codecs.forClass(KeyedCount.class);
    private static final long JOIN_MS = 5_000;

    private final Path logDir;
    private final int keys;
    private final Supplier<IdleStrategy> idle;
    private final Recorder visibility = new Recorder(3);
    // written by the reader thread alone (ordered store), read by the harness
    private final AtomicLong count = new AtomicLong();
    // reader thread only; read by the harness after close(), which joins the thread
    private final long[] lastCount;
    private long duplicates;
    private long gaps;
    private long wrongSums;
    private volatile boolean running = true;
    private volatile Throwable failure;
    private final Thread thread;

    /** Starts reading {@code logDir} as soon as the sink has created its queue. */
    VisibilityReader(Path logDir, int keys, Supplier<IdleStrategy> idle) {
        this.logDir = logDir;
        this.keys = keys;
        this.idle = idle;
        this.lastCount = new long[keys];
        this.thread = new Thread(this::run, "w5-visibility-reader");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            // The tailing reader lists the log's queues once, when created: wait for the sink's.
            while (running && !Files.exists(LogDirectory.queueDirectory(logDir, 0).resolve("metadata.cq4t"))) {
                Thread.sleep(1);
            }
            if (!running) {
                return;
            }
            try (SourceReader<KeyedCount> reader = ChronicleLogSource.tailing(logDir, CODEC).createReader(CONTEXT)) {
                ReaderOutput<KeyedCount> output = new ReaderOutput<>() {
                    @Override
                    public void collect(KeyedCount record) {
                        visible(record);
                    }

                    @Override
                    public void collect(KeyedCount record, long timestamp) {
                        visible(record);
                    }
                };
                // the tasks' idle strategy: a spinning reader would take a core of the two from the job
                IdleStrategy idler = idle.get();
                while (running) {
                    idler.idle(reader.pollNext(output) == InputStatus.MORE_AVAILABLE ? 1 : 0);
                }
            }
        } catch (Throwable e) {
            failure = e;
        }
    }

    private void visible(KeyedCount record) {
        visibility.recordValue(Math.max(0, System.nanoTime() - record.createdNanos()));
        int key = (int) record.key();
        long expected = lastCount[key] + 1;
        if (record.count() < expected) {
            duplicates++;
        } else {
            gaps += record.count() - expected;
            lastCount[key] = record.count();
        }
        if (record.sum() != sumOfFirst(key, record.count())) {
            wrongSums++;
        }
        count.lazySet(count.get() + 1);
    }

    /** Key {@code k}'s events are {@code seq = k + j * keys}, doubled by the map: the sum of the first {@code c}. */
    private long sumOfFirst(long k, long c) {
        return 2 * (c * k + keys * c * (c - 1) / 2);
    }

    @Override
    public long count() {
        return count.get();
    }

    @Override
    public Recorder latencyRecorder() {
        return visibility;
    }

    /** Why the reader stopped early, or null. */
    Throwable failure() {
        return failure;
    }

    /**
     * The {@code count_check} of the run, after {@link #close()}: the records read against the
     * {@code emitted} events that the last completed checkpoint covered; {@code ok} when none is
     * missing, none was read twice, and every key's last count and sum are those of its events.
     */
    Map<String, Object> countCheck(long emitted) {
        long read = count.get();
        long wrongKeys = 0;
        for (int k = 0; k < keys; k++) {
            long expected = emitted / keys + (k < emitted % keys ? 1 : 0);
            if (lastCount[k] != expected) {
                wrongKeys++;
            }
        }
        long missing = emitted - (read - duplicates);
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("events_emitted", emitted);
        check.put("records_read", read);
        check.put("missing", missing);
        check.put("read_twice", duplicates);
        check.put("out_of_sequence", gaps);
        check.put("wrong_sums", wrongSums);
        check.put("wrong_keys", wrongKeys);
        check.put("ok", failure == null && read == emitted && missing == 0 && duplicates == 0 && gaps == 0
            && wrongSums == 0 && wrongKeys == 0);
        return check;
    }

    /** Stops the thread and closes the log; the count check is safe to read afterwards. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(JOIN_MS);
        if (thread.isAlive()) {
            throw new IllegalStateException("the visibility reader did not stop within " + JOIN_MS + " ms");
        }
    }

    private static final SourceReaderContext CONTEXT = new SourceReaderContext() {
        @Override
        public int subtaskIndex() {
            return 0;
        }

        @Override
        public int parallelism() {
            return 1;
        }

        @Override
        public long currentTimeMillis() {
            return System.currentTimeMillis();
        }
    };
}
