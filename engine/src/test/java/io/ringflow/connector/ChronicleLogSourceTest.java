package io.ringflow.connector;

import io.ringflow.api.JobClient;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.watermark.WatermarkStrategy;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChronicleLogSourceTest extends LogDirectoryTest {
    @Test
    void shouldReplayABoundedLogFromTheStartWithTimestamps() {
        try (ChronicleLogAppender<Long> log = ChronicleLogSource.writer(dir, Codecs.LONG)) {
            for (long n = 0; n < 100; n++) {
                log.append(n, 1_000 + n);
            }
        }
        assertEquals(range(0, 100), replay(ChronicleLogSource.bounded(dir, Codecs.LONG)));
    }

    @Test
    void shouldReplayFromAnIndex() {
        long fortieth = -1;
        try (ChronicleLogAppender<Long> log = ChronicleLogSource.writer(dir, Codecs.LONG)) {
            for (long n = 0; n < 100; n++) {
                long index = log.append(n);
                fortieth = n == 40 ? index : fortieth;
            }
        }
        assertEquals(range(40, 100), replay(ChronicleLogSource.bounded(dir, Codecs.LONG).fromIndex(fortieth)));
    }

    @Test
    void shouldReplayFromATime() throws InterruptedException {
        Instant middle;
        try (ChronicleLogAppender<Long> log = ChronicleLogSource.writer(dir, Codecs.LONG)) {
            for (long n = 0; n < 50; n++) {
                log.append(n);
            }
            Thread.sleep(5);
            middle = Instant.now();
            for (long n = 50; n < 100; n++) {
                log.append(n);
            }
        }
        assertEquals(range(50, 100), replay(ChronicleLogSource.bounded(dir, Codecs.LONG).fromTime(middle)));
    }

    @Test
    void shouldReadEveryQueueOfALogWrittenByASink() {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(2).setRingSize(64);
        env.fromSource(GeneratorSource.bounded(1_000, seq -> seq), WatermarkStrategy.noWatermarks(), "numbers")
            .sinkTo(ChronicleLogSink.atLeastOnce(dir, Codecs.LONG));
        env.execute("write-log");
        assertEquals(range(0, 1_000), replay(ChronicleLogSource.bounded(dir, Codecs.LONG)).stream().sorted().toList());
    }

    @Test
    void shouldReplayTheCommittedRecordsOfAnExactlyOnceLog() {
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        env.fromSource(GeneratorSource.bounded(10, seq -> seq), WatermarkStrategy.noWatermarks(), "numbers")
            .sinkTo(ChronicleLogSink.exactlyOnce(dir, Codecs.LONG));
        env.execute("write-log");
        assertEquals(range(0, 10), replay(ChronicleLogSource.bounded(dir, Codecs.LONG)));
    }

    @Test
    void shouldTailRecordsAppendedWhileTheJobRuns() throws InterruptedException {
        try (ChronicleLogAppender<Long> log = ChronicleLogSource.writer(dir, Codecs.LONG)) {
            for (long n = 0; n < 10; n++) {
                log.append(n);
            }
            CollectSink<Long> sink = new CollectSink<>();
            StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
            env.fromSource(ChronicleLogSource.tailing(dir, Codecs.LONG), WatermarkStrategy.noWatermarks(), "log").sinkTo(sink);
            JobClient job = env.executeAsync("tail-log");
            try {
                awaitTrue(() -> sink.getResults().size() == 10);
                for (long n = 10; n < 20; n++) {
                    log.append(n);
                }
                awaitTrue(() -> sink.getResults().size() == 20);
                assertEquals(range(0, 20), sink.getResults());
            } finally {
                job.cancel().join();
            }
        }
    }

    static List<Long> replay(ChronicleLogSource<Long> source) {
        CollectSink<Long> sink = new CollectSink<>();
        StreamEnvironment env = StreamEnvironment.create().setParallelism(1);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "log").sinkTo(sink);
        env.execute("replay");
        return sink.getResults();
    }

    static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }

    static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out");
            Thread.sleep(1);
        }
    }
}
