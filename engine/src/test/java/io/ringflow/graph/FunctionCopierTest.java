package io.ringflow.graph;

import io.ringflow.api.InvalidJobException;
import io.ringflow.api.codec.Codecs;
import io.ringflow.api.functions.MapFunction;
import io.ringflow.api.state.ValueStateDescriptor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a Flink user's function most often fails to copy with, named with its fix. */
class FunctionCopierTest {
    private final Object notSerializable = new Object();

    @Test
    void shouldNameTheEnclosingInstanceAnAnonymousFunctionHolds() {
        MapFunction<Long, Long> anonymous = new MapFunction<>() {
            @Override
            public Long map(Long value) {
                return value + 1;
            }
        };
        InvalidJobException refused = assertThrows(InvalidJobException.class, () -> FunctionCopier.copy(anonymous, "inc"));
        assertTrue(refused.getMessage().contains("anonymous or inner class of " + FunctionCopierTest.class.getName())
            && refused.getMessage().contains("make the function a lambda or a static nested or top-level class"),
            refused.getMessage());
    }

    @Test
    void shouldCopyAStateDescriptorKeptInAFieldAndNameOneItCannot() {
        WithDescriptor copy = FunctionCopier.copy(new WithDescriptor(), "count");
        assertTrue(copy.map(1L) == 6L, "the copy's descriptor keeps its name");
        InvalidJobException refused = assertThrows(InvalidJobException.class,
            () -> FunctionCopier.copy(new WithListDescriptor(), "lists"));
        assertTrue(refused.getMessage().contains("state 'lists'") && refused.getMessage().contains("create the descriptor in open()"),
            refused.getMessage());
    }

    static final class WithListDescriptor implements MapFunction<Long, Long> {
        private static final long serialVersionUID = 1L;
        private final ValueStateDescriptor<java.util.List<Long>> lists =
            new ValueStateDescriptor<>("lists", Codecs.listOf(Codecs.LONG));

        @Override
        public Long map(Long value) {
            return value + lists.getName().length();
        }
    }

    @Test
    void shouldGiveTheGeneralAdviceOtherwise() {
        InvalidJobException refused = assertThrows(InvalidJobException.class,
            () -> FunctionCopier.copy(new WithField(notSerializable), "field"));
        assertTrue(refused.getMessage().contains("make the fields it captures serializable"), refused.getMessage());
    }

    static final class WithDescriptor implements MapFunction<Long, Long> {
        private static final long serialVersionUID = 1L;
        private final ValueStateDescriptor<Long> count = new ValueStateDescriptor<>("count", Codecs.LONG);

        @Override
        public Long map(Long value) {
            return value + count.getName().length();
        }
    }

    static final class WithField implements MapFunction<Long, Long> {
        private static final long serialVersionUID = 1L;
        private final Object held;

        WithField(Object held) {
            this.held = held;
        }

        @Override
        public Long map(Long value) {
            return held.hashCode() + value;
        }
    }
}
