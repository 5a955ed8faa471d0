package io.ringflow.api;

import io.ringflow.api.codec.Codecs;
import io.ringflow.api.watermark.WatermarkStrategy;
import io.ringflow.connector.GeneratorSource;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keys whose hash differs between processes are refused at keyBy, as in Flink; stable ones pass. */
class KeyTypesTest {
    enum Side { BUY, SELL }

    record Order(Side side, long account) {
    }

    record Account(long id, String region) {
    }

    /** A valid POJO, but hashed by identity. */
    public static final class Desk {
        public long id;
    }

    private static DataStream<Long> numbers() {
        return StreamEnvironment.create().fromSource(GeneratorSource.bounded(10, n -> n), WatermarkStrategy.noWatermarks(), "n");
    }

    @Test
    void shouldRefuseAnEnumKeyNamingTheFix() {
        InvalidJobException e = assertThrows(InvalidJobException.class, () -> numbers().keyBy(n -> n % 2 == 0 ? Side.BUY : Side.SELL));
        assertTrue(e.getMessage().contains(Side.class.getName() + " is an enum") && e.getMessage().contains("name() or ordinal()"),
            e.getMessage());
    }

    @Test
    void shouldRefuseARecordKeyHoldingAnEnum() {
        InvalidJobException e = assertThrows(InvalidJobException.class, () -> numbers().keyBy(n -> new Order(Side.BUY, n)));
        assertTrue(e.getMessage().contains(Order.class.getName() + ".side is an enum"), e.getMessage());
    }

    @Test
    void shouldRefuseAClassKeyHashedByIdentity() {
        InvalidJobException e = assertThrows(InvalidJobException.class,
            () -> numbers().keyBy(n -> new Desk(), Codecs.forClass(Desk.class)));
        assertTrue(e.getMessage().contains("does not override hashCode()"), e.getMessage());
    }

    @Test
    void shouldRefuseAnArrayKey() {
        InvalidJobException e = assertThrows(InvalidJobException.class,
            () -> numbers().keyBy(n -> new long[] {n}, Codecs.forClass(long[].class)));
        assertTrue(e.getMessage().contains("is an array"), e.getMessage());
    }

    @Test
    void shouldRefuseAnEnumKeyOfBothInputsOfAConnect() {
        assertThrows(InvalidJobException.class, () -> numbers().connect(numbers())
            .keyBy(n -> Side.BUY, n -> Side.SELL));
    }

    @Test
    void shouldTakeKeysHashedByValue() {
        assertDoesNotThrow(() -> numbers().keyBy(n -> n));
        assertDoesNotThrow(() -> numbers().keyBy(n -> "k" + n));
        assertDoesNotThrow(() -> numbers().keyBy(n -> new Account(n, "eu")));
        assertDoesNotThrow(() -> numbers().keyBy(n -> Side.values()[(int) (n % 2)].name()));
    }
}
