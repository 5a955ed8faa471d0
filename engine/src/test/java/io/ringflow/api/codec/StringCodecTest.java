package io.ringflow.api.codec;

import java.nio.charset.StandardCharsets;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.ringflow.api.codec.CodecAssertions.OFFSET;
import static io.ringflow.api.codec.CodecAssertions.assertCodec;
import static io.ringflow.api.codec.CodecAssertions.offHeap;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StringCodecTest {
    @ParameterizedTest
    @ValueSource(strings = {"", "a", "AAPL.O", "caf\u00e9", "\u20ac100", "\ud834\udd1e clef", "\u65e5\u672c\u8a9e",
        "\u0000nul inside", "mixed a\u00e9\u20ac\ud83d\ude00z"})
    void shouldRoundTripAsLengthPrefixedUtf8(final String value) {
        final byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        assertEquals(4 + utf8.length, assertCodec(Codecs.STRING, value));

        final UnsafeBuffer buffer = offHeap(OFFSET + 4 + utf8.length);
        Codecs.STRING.encode(value, buffer, OFFSET, 4 + utf8.length);
        assertEquals(utf8.length, buffer.getInt(OFFSET, CodecDescriptor.BYTE_ORDER));
        final byte[] written = new byte[utf8.length];
        buffer.getBytes(OFFSET + 4, written);
        assertArrayEquals(utf8, written);
    }

    @Test
    void shouldRoundTripLongStrings() {
        assertCodec(Codecs.STRING, "\u00e9x\u20ac\ud83d\ude00".repeat(64));
    }

    @Test
    void shouldReplaceUnpairedSurrogatesAsTheJdkDoes() {
        for (final String broken : new String[] {"a\ud800b", "\udc00", "end\ud83d"}) {
            final UnsafeBuffer buffer = offHeap(64);
            final int length = Codecs.STRING.encode(broken, buffer, 0, 64);
            final String expected = new String(broken.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
            assertEquals(expected, Codecs.STRING.decode(buffer, 0, length));
        }
    }

    @Test
    void shouldRejectNullAtTopLevelNamingTheType() {
        final NullPointerException e = assertThrows(NullPointerException.class,
            () -> Codecs.STRING.encode(null, offHeap(8), 0, 8));
        assertTrue(e.getMessage().contains("java.lang.String"), e.getMessage());
    }

    @Test
    void shouldBeImmutableAndCopyByIdentity() {
        final String value = new String("x");
        assertTrue(Codecs.STRING.isImmutable());
        assertSame(value, Codecs.STRING.copy(value));
        assertEquals(String.class, Codecs.STRING.type());
    }
}
