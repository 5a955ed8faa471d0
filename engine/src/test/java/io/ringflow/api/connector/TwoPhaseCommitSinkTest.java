package io.ringflow.api.connector;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TwoPhaseCommitSinkTest {
    private final TransactionalStore store = new TransactionalStore();

    @Test
    void shouldCommitOnlyWhenTheCheckpointCompletes() throws Exception {
        WriterHarness<String> writer = open(true, null);
        writer.write("a").write("b");
        writer.snapshot(1);
        writer.write("c");
        assertEquals(List.of(), store.visible, "pre-committed is not visible");
        writer.notifyComplete(1);
        assertEquals(List.of("a", "b"), store.visible);
        writer.snapshot(2);
        writer.notifyComplete(2);
        assertEquals(List.of("a", "b", "c"), store.visible);
        assertEquals(List.of("begin 1", "preCommit 1", "begin 2", "commit 1", "preCommit 2", "begin 3", "commit 2"), store.events);
    }

    @Test
    void shouldCommitEveryEarlierTransactionWhenALaterCheckpointCompletes() throws Exception {
        WriterHarness<String> writer = open(true, null);
        writer.write("a").snapshot(1);
        writer.write("b").snapshot(2);
        writer.write("c").snapshot(3);
        writer.notifyComplete(2);
        assertEquals(List.of("a", "b"), store.visible, "a skipped notification of 1 is covered by 2; 3 waits");
        writer.notifyComplete(3);
        assertEquals(List.of("a", "b", "c"), store.visible);
    }

    @Test
    void shouldAbortTheOpenTransactionOnCloseAndKeepPreCommittedOnesForRecovery() throws Exception {
        WriterHarness<String> writer = open(true, null);
        writer.write("a").snapshot(1);
        writer.write("b");
        writer.close();
        assertEquals(List.of("begin 1", "preCommit 1", "begin 2", "abort 2", "close 0"), store.events);
        assertTrue(store.isPrepared(1));
        assertEquals(List.of(), store.visible);
    }

    @Test
    void shouldCommitPendingAndAbortTheOpenTransactionOnRestore() throws Exception {
        WriterHarness<String> failed = open(true, null);
        failed.write("a");
        byte[] checkpoint = failed.snapshot(1);
        failed.write("lost");
        failed.close();
        store.events.clear();

        WriterHarness<String> restored = open(true, List.of(checkpoint));
        assertEquals(List.of("a"), store.visible);
        assertEquals(List.of("recover", "commit 1", "abort 2", "begin 3"), store.events);
        restored.close();

        open(true, List.of(checkpoint)).close();
        assertEquals(List.of("a"), store.visible, "committing again after a second restore changes nothing");
    }

    @Test
    void shouldCommitAtTheEndOfInputWithoutCheckpointing() throws Exception {
        WriterHarness<String> writer = open(false, null);
        writer.write("a").write("b");
        assertEquals(List.of(), store.visible);
        writer.finish();
        assertEquals(List.of("a", "b"), store.visible);
        writer.close();
        assertEquals(List.of("begin 1", "preCommit 1", "commit 1", "close 0"), store.events);
    }

    @Test
    void shouldLeaveTheEndOfInputToTheFinalCheckpointWithCheckpointing() throws Exception {
        WriterHarness<String> writer = open(true, null);
        writer.write("a").finish();
        assertEquals(List.of(), store.visible);
        writer.snapshot(7);
        writer.notifyComplete(7);
        assertEquals(List.of("a"), store.visible);
        writer.close();
        assertEquals(List.of("begin 1", "preCommit 1", "commit 1", "close 0"), store.events,
            "the final checkpoint pre-commits the last transaction and begins none");
    }

    @Test
    void shouldCommitTheTransactionsOfEveryOldSubtaskWhenRestoredAtLowerParallelism() throws Exception {
        WriterHarness<String> first = new WriterHarness<>(store.sink(), 0, 2, true, null);
        WriterHarness<String> second = new WriterHarness<>(store.sink(), 1, 2, true, null);
        first.write("x");
        second.write("y");
        List<byte[]> checkpoint = List.of(first.snapshot(1), second.snapshot(1));
        first.close();
        second.close();
        assertFalse(store.visible.contains("x"));

        new WriterHarness<>(store.sink(), 0, 1, true, checkpoint).close();
        assertEquals(List.of("x", "y"), store.visible);
    }

    private WriterHarness<String> open(boolean checkpointing, List<byte[]> restored) throws Exception {
        return new WriterHarness<>(store.sink(), 0, 1, checkpointing, restored);
    }
}
