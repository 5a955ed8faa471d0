package io.ringflow.state;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlockWriterTest {
    @Test
    void shouldGrowForValuesLargerThanTheBuffer() {
        BlockWriter out = new BlockWriter();
        long[] big = new long[10_000];
        big[9_999] = 7;
        out.putString("naïve");
        out.putFramed(TestCodecs.LONG_ARRAY, big);
        out.putLong(-1);

        BlockReader in = new BlockReader(out.buffer(), 0, out.position(), "test block");
        assertEquals("naïve", in.getString());
        assertArrayEquals(big, in.getFramed(TestCodecs.LONG_ARRAY));
        assertEquals(-1, in.getLong());
        assertFalse(in.hasRemaining());
    }

    @Test
    void shouldWriteLittleEndianWhateverTheMachine() {
        BlockWriter out = new BlockWriter();
        out.putInt(0x01020304);
        assertEquals(0x04, out.buffer().getByte(0));
    }

    @Test
    void shouldNameTheBlockWhenTruncatedOrUnexpected() {
        BlockWriter out = new BlockWriter();
        out.putInt(42);
        out.putFramed(TestCodecs.STRING, "hello");
        BlockReader truncated = new BlockReader(out.buffer(), 0, out.position() - 1, "state file chk-3");
        truncated.expect(42, "marker");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> truncated.getFramed(TestCodecs.STRING));
        assertTrue(e.getMessage().contains("state file chk-3") && e.getMessage().contains("truncated"), e.getMessage());
        BlockReader wrong = new BlockReader(out.buffer(), 0, out.position(), "state file chk-3");
        assertThrows(IllegalStateException.class, () -> wrong.expect(43, "marker"));
    }
}
