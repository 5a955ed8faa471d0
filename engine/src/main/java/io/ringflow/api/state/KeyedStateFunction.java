package io.ringflow.api.state;

/**
 * What {@code KeyedBroadcastProcessFunction.Context.applyToKeyedState} runs for each key that has
 * a value in a keyed state, with that key's state.
 *
 * @param <K> key
 * @param <S> state
 */
@FunctionalInterface
public interface KeyedStateFunction<K, S extends State> {
    void process(K key, S state) throws Exception;
}
