package io.ringflow.api.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import static io.ringflow.api.codec.CodecAssertions.assertCodec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimeAndNumberCodecsTest {
    record Fill(Instant at, Duration latency, BigDecimal price, BigInteger volume) {
    }

    @Test
    void shouldFindTheCodecsByClass() {
        assertSame(Codecs.INSTANT, Codecs.forClass(Instant.class));
        assertSame(Codecs.DURATION, Codecs.forClass(Duration.class));
        assertSame(Codecs.BIG_DECIMAL, Codecs.forClass(BigDecimal.class));
        assertSame(Codecs.BIG_INTEGER, Codecs.forClass(BigInteger.class));
    }

    @Test
    void shouldRoundTripInstantsInTwelveBytes() {
        for (final Instant at : new Instant[] {Instant.EPOCH, Instant.MIN, Instant.MAX,
            Instant.ofEpochSecond(-1, 999_999_999), Instant.parse("2026-11-21T08:00:00.123456789Z")}) {
            assertEquals(12, assertCodec(Codecs.INSTANT, at));
        }
    }

    @Test
    void shouldRoundTripDurationsInTwelveBytes() {
        for (final Duration d : new Duration[] {Duration.ZERO, Duration.ofNanos(-1), Duration.ofSeconds(Long.MIN_VALUE),
            Duration.ofSeconds(Long.MAX_VALUE, 999_999_999), Duration.ofMillis(1_500)}) {
            assertEquals(12, assertCodec(Codecs.DURATION, d));
        }
    }

    @Test
    void shouldRoundTripDecimalsWithTheirScale() {
        for (final String text : new String[] {"0", "-0.00", "1E+5", "123456789012345678901234567890.000000001",
            "-7.5"}) {
            final BigDecimal value = new BigDecimal(text);
            assertCodec(Codecs.BIG_DECIMAL, value, (a, b) -> a.equals(b) && a.scale() == b.scale());
        }
        assertEquals(4 + 1 + 4, assertCodec(Codecs.BIG_DECIMAL, new BigDecimal("1.5")), "count, one byte, scale");
    }

    @Test
    void shouldRoundTripBigIntegers() {
        for (final BigInteger value : new BigInteger[] {BigInteger.ZERO, BigInteger.ONE.negate(),
            BigInteger.TWO.pow(200).subtract(BigInteger.ONE), BigInteger.valueOf(Long.MIN_VALUE)}) {
            assertCodec(Codecs.BIG_INTEGER, value);
        }
    }

    @Test
    void shouldCarryNullsAndValuesInsideARecord() {
        final Codec<Fill> codec = Codecs.forClass(Fill.class);
        assertCodec(codec, new Fill(Instant.ofEpochMilli(1), Duration.ofMillis(2), new BigDecimal("3.25"), BigInteger.TEN));
        final Fill empty = new Fill(null, null, null, null);
        final int length = assertCodec(codec, empty);
        assertEquals(12 + 12 + 4 + 4, length, "null is a sentinel in each layout");
        assertTrue(codec.isImmutable());
    }

    @Test
    void shouldDescribeTheLayoutsByTypeName() {
        assertEquals("java.time.Instant", Codecs.INSTANT.identity());
        assertEquals("java.math.BigDecimal", Codecs.BIG_DECIMAL.identity());
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(32);
        Codecs.DURATION.encode(Duration.ofSeconds(3, 4), buffer, 0, 32);
        assertEquals(3, buffer.getLong(0, CodecDescriptor.BYTE_ORDER), "seconds first, little-endian");
        assertEquals(4, buffer.getInt(8, CodecDescriptor.BYTE_ORDER));
    }
}
