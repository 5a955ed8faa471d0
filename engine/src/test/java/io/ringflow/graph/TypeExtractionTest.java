package io.ringflow.graph;

import java.util.Optional;

import io.ringflow.api.functions.Collector;
import io.ringflow.api.functions.FlatMapFunction;
import io.ringflow.api.functions.KeySelector;
import io.ringflow.api.functions.MapFunction;
import io.ringflow.api.functions.ReduceFunction;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TypeExtractionTest {
    private static final int IN = 0;
    private static final int OUT = 1;

    private final String venue = "XLON";

    record Trade(long id, String symbol) {
        Trade(final String symbol) {
            this(0L, symbol);
        }
    }

    /** Binds nothing: its type arguments stay variables. */
    static class Identity<T> implements MapFunction<T, T> {
        @Override
        public T map(final T value) {
            return value;
        }
    }

    /** Binds the variable of its generic superclass. */
    static final class StringIdentity extends Identity<String> {
    }

    /** Binds one argument of the interface it extends. */
    interface ToLong<T> extends MapFunction<T, Long> {
    }

    static <T> MapFunction<T, T> genericIdentity() {
        return value -> value;
    }

    static void splitWords(final String line, final Collector<String> out) {
        for (final String word : line.split(" ")) {
            out.collect(word);
        }
    }

    @Test
    void shouldReadLambdaInputAndOutputTypes() {
        final MapFunction<Long, Trade> toTrade = id -> new Trade(id, "X");
        assertEquals(Trade.class, TypeExtraction.typeArgument(toTrade, MapFunction.class, OUT));
        assertEquals(Long.class, TypeExtraction.typeArgument(toTrade, MapFunction.class, IN));

        final MapFunction<Trade, String> symbol = trade -> trade.symbol();
        assertEquals(String.class, TypeExtraction.typeArgument(symbol, MapFunction.class, OUT));

        final MapFunction<String, Integer> length = s -> s.length();
        assertEquals(Integer.class, TypeExtraction.typeArgument(length, MapFunction.class, OUT));
    }

    @Test
    void shouldSkipCapturedArgumentsOfALambda() {
        // Not compile-time constants, so the lambda really captures them.
        final long offset = Long.parseLong("5");
        final String symbol = String.valueOf("VOD");
        final MapFunction<Long, Trade> shifted = id -> new Trade(id + offset, symbol);
        assertEquals(2, TypeExtraction.serializedLambda(shifted).getCapturedArgCount());
        assertEquals(Long.class, TypeExtraction.typeArgument(shifted, MapFunction.class, IN));
        assertEquals(Trade.class, TypeExtraction.typeArgument(shifted, MapFunction.class, OUT));

        // Reading a field captures this: the body becomes an instance method with a receiver.
        final MapFunction<Long, Trade> onVenue = id -> new Trade(id, venue);
        assertEquals(Long.class, TypeExtraction.typeArgument(onVenue, MapFunction.class, IN));
        assertEquals(Trade.class, TypeExtraction.typeArgument(onVenue, MapFunction.class, OUT));
    }

    @Test
    void shouldReadConstructorAndStaticMethodReferences() {
        final MapFunction<String, Trade> byConstructor = Trade::new;
        assertEquals(Trade.class, TypeExtraction.typeArgument(byConstructor, MapFunction.class, OUT));
        assertEquals(String.class, TypeExtraction.typeArgument(byConstructor, MapFunction.class, IN));

        final MapFunction<Long, String> valueOf = String::valueOf;
        assertEquals(String.class, TypeExtraction.typeArgument(valueOf, MapFunction.class, OUT));
        assertEquals(Long.class, TypeExtraction.typeArgument(valueOf, MapFunction.class, IN));
    }

    @Test
    void shouldReadInstanceMethodReferencesWithTheReceiverFirst() {
        final KeySelector<Trade, String> bySymbol = Trade::symbol;
        assertEquals(Trade.class, TypeExtraction.typeArgument(bySymbol, KeySelector.class, IN));
        assertEquals(String.class, TypeExtraction.typeArgument(bySymbol, KeySelector.class, OUT));

        final String prefix = "venue:";
        final MapFunction<String, String> bound = prefix::concat;
        assertEquals(String.class, TypeExtraction.typeArgument(bound, MapFunction.class, IN));
        assertEquals(String.class, TypeExtraction.typeArgument(bound, MapFunction.class, OUT));

        final MapFunction<String, Integer> length = String::length;
        assertEquals(Integer.class, TypeExtraction.typeArgument(length, MapFunction.class, OUT));
    }

    @Test
    void shouldPreferTheInstantiatedTypeOverAGenericImplementation() {
        final MapFunction<Optional<String>, String> unwrap = Optional::get;
        assertEquals(String.class, TypeExtraction.typeArgument(unwrap, MapFunction.class, OUT));
        assertEquals(Optional.class, TypeExtraction.typeArgument(unwrap, MapFunction.class, IN));
    }

    @Test
    void shouldReadATypeUsedTwiceInTheInterfaceMethod() {
        final ReduceFunction<Long> sum = (a, b) -> a + b;
        assertEquals(Long.class, TypeExtraction.typeArgument(sum, ReduceFunction.class, 0));
    }

    @Test
    void shouldReturnNullForGenericLambdas() {
        final MapFunction<String, String> identity = genericIdentity();
        assertNull(TypeExtraction.typeArgument(identity, MapFunction.class, OUT));
        assertNull(TypeExtraction.typeArgument(identity, MapFunction.class, IN));

        final MapFunction<Object, String> anything = String::valueOf;
        assertNull(TypeExtraction.typeArgument(anything, MapFunction.class, IN));
    }

    @Test
    void shouldReadAnonymousAndNamedClasses() {
        final MapFunction<String, Trade> anonymous = new MapFunction<>() {
            @Override
            public Trade map(final String value) {
                return new Trade(value);
            }
        };
        assertEquals(Trade.class, TypeExtraction.typeArgument(anonymous, MapFunction.class, OUT));
        assertEquals(String.class, TypeExtraction.typeArgument(anonymous, MapFunction.class, IN));

        assertEquals(String.class, TypeExtraction.typeArgument(new StringIdentity(), MapFunction.class, OUT));
        assertNull(TypeExtraction.typeArgument(new Identity<String>(), MapFunction.class, OUT));

        final ToLong<Trade> id = new ToLong<>() {
            @Override
            public Long map(final Trade trade) {
                return trade.id();
            }
        };
        assertEquals(Long.class, TypeExtraction.typeArgument(id, MapFunction.class, OUT));
        assertEquals(Trade.class, TypeExtraction.typeArgument(id, MapFunction.class, IN));
    }

    @Test
    void shouldReadFlatMapOutputFromAReferencedMethodButNotFromALambdaBody() {
        final FlatMapFunction<String, String> reference = TypeExtractionTest::splitWords;
        assertEquals(String.class, TypeExtraction.flatMapOutput(reference));
        assertEquals(String.class, TypeExtraction.typeArgument(reference, FlatMapFunction.class, IN));

        final FlatMapFunction<String, Long> lambda = (line, out) -> out.collect((long)line.length());
        assertNull(TypeExtraction.flatMapOutput(lambda));
        assertEquals(String.class, TypeExtraction.typeArgument(lambda, FlatMapFunction.class, IN));
    }

    @Test
    void shouldExposeTheSerializedLambdaOnlyForLambdas() {
        final MapFunction<String, String> lambda = s -> s;
        assertNotNull(TypeExtraction.serializedLambda(lambda));
        assertNull(TypeExtraction.serializedLambda(new StringIdentity()));
    }

    @Test
    void shouldRejectAnIndexTheInterfaceDoesNotHave() {
        final MapFunction<String, String> lambda = s -> s;
        assertThrows(IllegalArgumentException.class, () -> TypeExtraction.typeArgument(lambda, MapFunction.class, 2));
        assertThrows(IllegalArgumentException.class, () -> TypeExtraction.typeArgument(lambda, KeySelector.class, 0));
    }
}
