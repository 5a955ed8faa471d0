package io.ringflow.connector;

import io.ringflow.api.JobClient;
import io.ringflow.api.StreamEnvironment;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.barrier.BarrierMode;
import io.ringflow.connector.ChronicleLogSourceRecoveryTest.ExactlyOnceChecker;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static io.ringflow.connector.ChronicleLogSourceRecoveryTest.KEYS;
import static io.ringflow.connector.ChronicleLogSourceRecoveryTest.LAST_RECORD;
import static io.ringflow.connector.ChronicleLogSourceRecoveryTest.LATEST_COMPLETED;
import static io.ringflow.connector.ChronicleLogSourceRecoveryTest.PROCESSED_AT_FAILURE;
import static io.ringflow.connector.LogJobs.FAILED_ONCE;
import static io.ringflow.connector.LogJobs.PROCESSED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A job replaying an exactly-once log (aborted transactions, repeated commits) fails once after
 * checkpoints; the restore must give each committed record exactly once, in order per key.
 */
class ChronicleLogSourceCommittedRecoveryTest extends LogDirectoryTest {
    @ParameterizedTest
    @EnumSource(value = BarrierMode.class, names = {"ALIGNED", "UNALIGNED"})
    void shouldGiveEachCommittedRecordOnceAcrossARestore(BarrierMode mode) {
        // queue 0 holds the even numbers, queue 1 the odd ones, so every key comes from one queue in commit order
        TransactionalLog log = new TransactionalLog(dir.resolve("log"), 2).write(80, 300, 5);
        LATEST_COMPLETED.set(0);
        LAST_RECORD.clear();
        StreamEnvironment env = LogJobs.environment(mode, 10, dir.resolve("checkpoints"));
        env.fromSource(ChronicleLogSource.bounded(dir.resolve("log"), Codecs.LONG), WatermarkStrategy.noWatermarks(), "log")
            .uid("log")
            .keyBy(n -> n % KEYS)
            .process(new ExactlyOnceChecker()).uid("checker")
            .sinkTo(DiscardingSink.create());
        JobClient job = env.executeAsync("committed-replay-" + mode);
        job.await(Duration.ofSeconds(30));

        assertTrue(FAILED_ONCE.get(), "the failure was injected mid-replay");
        assertEquals(1, job.restarts(), "one restart, and no second failure from a replayed, skipped or aborted record");
        Map<Long, Long> last = new HashMap<>();
        for (long n : log.allCommitted()) {
            last.merge(n % KEYS, n, Math::max);
        }
        assertEquals(KEYS, last.size());
        assertEquals(last, Map.copyOf(LAST_RECORD), "every key got its records up to the last committed one");
        long replayed = PROCESSED.get() - PROCESSED_AT_FAILURE.get();
        assertTrue(replayed < log.allCommitted().size(), "the restore resumed mid-log, not from the start: " + replayed);
    }
}
