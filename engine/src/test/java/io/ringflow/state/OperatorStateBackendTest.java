package io.ringflow.state;

import io.ringflow.api.state.ListState;
import io.ringflow.api.state.ListStateDescriptor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.ringflow.state.HeapKeyedStateBackendTest.list;
import static io.ringflow.state.TestCodecs.LONG;
import static io.ringflow.state.TestCodecs.LONG_ARRAY;
import static io.ringflow.state.TestCodecs.STRING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OperatorStateBackendTest {
    private static final ListStateDescriptor<String> OFFSETS = new ListStateDescriptor<>("offsets", STRING);
    private static final ListStateDescriptor<String> SHARED = new ListStateDescriptor<>("shared", STRING);

    @Test
    void shouldSplitRoundRobinFromOneToTwo() {
        List<List<String>> old = List.of(List.of("a", "b", "c", "d", "e"));
        assertEquals(List.of("a", "c", "e"), RedistributionMode.SPLIT.redistribute(old, 2, 0));
        assertEquals(List.of("b", "d"), RedistributionMode.SPLIT.redistribute(old, 2, 1));
    }

    @Test
    void shouldSplitRoundRobinFromThreeToFour() {
        List<List<String>> old = List.of(List.of("a0", "a1"), List.of("b0"), List.of("c0", "c1"));
        assertEquals(List.of("a0", "c1"), RedistributionMode.SPLIT.redistribute(old, 4, 0));
        assertEquals(List.of("a1"), RedistributionMode.SPLIT.redistribute(old, 4, 1));
        assertEquals(List.of("b0"), RedistributionMode.SPLIT.redistribute(old, 4, 2));
        assertEquals(List.of("c0"), RedistributionMode.SPLIT.redistribute(old, 4, 3));
    }

    @Test
    void shouldSplitRoundRobinFromFourToThreeAndKeepListsAtTheSameParallelism() {
        List<List<String>> old = List.of(List.of("a0", "a1"), List.of(), List.of("c0"), List.of("d0", "d1"));
        assertEquals(List.of("a0", "d0"), RedistributionMode.SPLIT.redistribute(old, 3, 0));
        assertEquals(List.of("a1", "d1"), RedistributionMode.SPLIT.redistribute(old, 3, 1));
        assertEquals(List.of("c0"), RedistributionMode.SPLIT.redistribute(old, 3, 2));
        assertEquals(List.of("d0", "d1"), RedistributionMode.SPLIT.redistribute(old, 4, 3));
    }

    @Test
    void shouldGiveEveryInstanceTheWholeUnion() {
        List<List<String>> old = List.of(List.of("a0", "a1"), List.of("b0"), List.of("c0"));
        for (int p : new int[] {1, 3, 4}) {
            for (int i = 0; i < p; i++) {
                assertEquals(List.of("a0", "a1", "b0", "c0"), RedistributionMode.UNION.redistribute(old, p, i));
            }
        }
    }

    @Test
    void shouldRestoreSplitAndUnionStatesThroughBytesFromFourToThree() {
        List<byte[]> blocks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            OperatorStateBackend backend = new OperatorStateBackend();
            backend.getListState(OFFSETS).update(List.of("s" + i + "a", "s" + i + "b"));
            backend.getUnionListState(SHARED).add("u" + i);
            blocks.add(backend.snapshot().toByteArray());
        }
        List<String> allOffsets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            OperatorStateBackend restored = new OperatorStateBackend();
            restored.restore(blocks, 3, i);
            assertTrue(restored.isRestored());
            allOffsets.addAll(list(restored.getListState(OFFSETS).get()));
            assertEquals(List.of("u0", "u1", "u2", "u3"), list(restored.getUnionListState(SHARED).get()));
        }
        allOffsets.sort(null);
        assertEquals(List.of("s0a", "s0b", "s1a", "s1b", "s2a", "s2b", "s3a", "s3b"), allOffsets);
    }

    @Test
    void shouldSnapshotACopyThatLaterChangesCannotReach() {
        OperatorStateBackend backend = new OperatorStateBackend();
        ListState<long[]> state = backend.getListState(new ListStateDescriptor<>("arrays", LONG_ARRAY));
        long[] position = {1, 2};
        state.add(position);
        OperatorStateSnapshot snapshot = backend.snapshot();
        position[0] = 99;
        state.add(new long[] {3});
        OperatorStateBackend restored = new OperatorStateBackend();
        restored.restore(List.of(snapshot.toByteArray()), 1, 0);
        List<long[]> elements = list(restored.getListState(new ListStateDescriptor<>("arrays", LONG_ARRAY)).get());
        assertEquals(1, elements.size());
        assertEquals(1, elements.get(0)[0]);
    }

    @Test
    void shouldCarryUnrequestedRestoredStateIntoTheNextSnapshot() {
        OperatorStateBackend first = new OperatorStateBackend();
        first.getListState(OFFSETS).add("x");
        OperatorStateBackend second = new OperatorStateBackend();
        second.restore(List.of(first.snapshot().toByteArray()), 1, 0);
        OperatorStateBackend third = new OperatorStateBackend();
        third.restore(List.of(second.snapshot().toByteArray()), 1, 0);
        assertEquals(List.of("x"), list(third.getListState(OFFSETS).get()));
    }

    @Test
    void shouldReturnTheSameStateAndRejectAnotherModeOrCodec() {
        OperatorStateBackend backend = new OperatorStateBackend();
        assertFalse(backend.isRestored());
        ListState<String> state = backend.getListState(OFFSETS);
        assertSame(state, backend.getListState(new ListStateDescriptor<>("offsets", STRING)));
        IllegalStateException mode = assertThrows(IllegalStateException.class, () -> backend.getUnionListState(OFFSETS));
        assertTrue(mode.getMessage().contains("'offsets'"), mode.getMessage());
        assertThrows(IllegalStateException.class, () -> backend.getListState(new ListStateDescriptor<>("offsets", LONG)));
    }

    @Test
    void shouldRejectRestoringASplitStateAsUnion() {
        OperatorStateBackend first = new OperatorStateBackend();
        first.getListState(OFFSETS).add("x");
        OperatorStateBackend restored = new OperatorStateBackend();
        restored.restore(List.of(first.snapshot().toByteArray()), 1, 0);
        assertThrows(IllegalStateException.class, () -> restored.getUnionListState(OFFSETS));
    }

    @Test
    void shouldDetectATruncatedBlock() {
        OperatorStateBackend first = new OperatorStateBackend();
        first.getListState(OFFSETS).add("x");
        byte[] block = first.snapshot().toByteArray();
        byte[] truncated = java.util.Arrays.copyOf(block, block.length - 2);
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> new OperatorStateBackend().restore(List.of(truncated), 1, 0));
        assertTrue(e.getMessage().contains("old subtask 0"), e.getMessage());
    }
}
