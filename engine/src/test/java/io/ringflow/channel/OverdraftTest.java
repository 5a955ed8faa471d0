package io.ringflow.channel;

import io.ringflow.api.codec.Codecs;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OverdraftTest {
    /**
     * A fan-out that never lets the overdraft empty: 64 MB go through it with about 200 KB waiting
     * at any time. Before, the buffer kept every byte appended since it was last empty (a trial ran
     * out of heap at 600 MB of a flatMap's output, and past 2 GiB its offset overflowed).
     */
    @Test
    void shouldGiveBackWhatWasDrainedWhileRecordsKeepWaiting() throws Exception {
        try (Channel channel = new Channel("fan-out", 16, 64)) {
            Overdraft overdraft = new Overdraft(channel);
            String record = "r".repeat(1_000);
            int appended = 0;
            int seen = 0;
            int largestCapacity = 0;
            List<String> wrong = new ArrayList<>();
            while (appended < 64_000) {
                for (int i = 0; i < 200 && overdraft.bytes() < 200_000; i++) {
                    overdraft.appendRecord(appended + record, 0, Codecs.STRING, "test");
                    appended++;
                }
                overdraft.drain();
                for (String value : FragmentedRecordTest.drainRecords(channel)) {
                    if (!value.equals(seen + record)) {
                        wrong.add(seen + ": " + value.substring(0, Math.min(12, value.length())));
                    }
                    seen++;
                }
                assertTrue(!overdraft.isEmpty() || appended == 0 || seen <= appended, "kept waiting");
                largestCapacity = Math.max(largestCapacity, overdraft.capacityBytes());
            }
            while (!overdraft.isEmpty()) {
                overdraft.drain();
                seen += FragmentedRecordTest.drainRecords(channel).size();
            }
            assertEquals(List.of(), wrong, "every record in order, whole");
            assertEquals(appended, seen);
            assertTrue(largestCapacity < 8 << 20, "the buffer holds what waits, not all 64 MB: " + largestCapacity);
        }
    }
}
