package io.ringflow.bench.probe;

import io.ringflow.api.JobClient;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.DiscardingSink;
import io.ringflow.connector.GeneratorSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Size and time of a savepoint of W1's keyed state: KEYS keys get their state from 2 × KEYS
 * records, then a savepoint is taken (trigger → completion, files forced) and measured on disk.
 * <pre>
 *   java $(scripts/jvm-flags) -cp benchmarks/target/benchmarks.jar io.ringflow.bench.probe.SavepointProbe KEYS
 * </pre>
 */
public final class SavepointProbe {
    private SavepointProbe() {
    }

    public static void main(String[] args) throws Exception {
        long keys = Long.parseLong(args[0]);
        Path dir = Files.createTempDirectory("savepoint-probe");
        StreamEnvironment env = StreamEnvironment.create();
        env.getCheckpointConfig().storage().checkpointsDir(dir.resolve("checkpoints"));
        DiscardingSink<Long> sink = DiscardingSink.create();
        env.fromSource(GeneratorSource.unbounded(seq -> seq % keys).withRate(0), WatermarkStrategy.noWatermarks(), "keys")
            .keyBy(key -> key)
            .process(new SyncPauseProbe.CountAndSum()).uid("count-and-sum")
            .sinkTo(sink);
        JobClient job = env.executeAsync("savepoint-probe");
        while (sink.count() < 2 * keys) {
            Thread.sleep(10);
        }
        for (int i = 1; i <= 3; i++) {
            long start = System.nanoTime();
            Path savepoint = job.triggerSavepoint(dir.resolve("savepoint-" + i)).get();
            long millis = (System.nanoTime() - start) / 1_000_000;
            long bytes;
            try (Stream<Path> files = Files.walk(savepoint)) {
                bytes = files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
            }
            System.out.printf("%,d keys: savepoint %d took %d ms, %,d bytes on disk (%s)%n", keys, i, millis, bytes, savepoint);
        }
        job.cancel().join();
    }
}
