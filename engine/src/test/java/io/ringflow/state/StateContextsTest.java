package io.ringflow.state;

import io.ringflow.storage.metadata.KeyGroupRange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateContextsTest {
    @Test
    void shouldHandOutTheStoresAndRejectKeyedStateOnANonKeyedStream() {
        OperatorStateBackend operator = new OperatorStateBackend();
        HeapKeyedStateBackend<Long> keyed = new HeapKeyedStateBackend<>(TestCodecs.LONG, 4, KeyGroupRange.all(4));
        StateInitializationContext context = new StateInitializationContext(true, operator, keyed);
        assertTrue(context.isRestored());
        assertSame(operator, context.getOperatorStateStore());
        assertSame(keyed, context.getKeyedStateStore());
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> new StateInitializationContext(false, operator, null).getKeyedStateStore());
        assertTrue(e.getMessage().contains("keyBy"), e.getMessage());
        assertEquals(7L, new StateSnapshotContext(7).getCheckpointId());
    }
}
