package io.ringflow.state;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.state.ListState;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** One operator list state: a plain list owned by the task thread, copied when snapshotted. */
final class OperatorListState<T> implements ListState<T> {
    final String name;
    final RedistributionMode mode;
    final Codec<T> codec;
    private final ArrayList<T> elements = new ArrayList<>();

    OperatorListState(String name, RedistributionMode mode, Codec<T> codec) {
        this.name = name;
        this.mode = mode;
        this.codec = codec;
    }

    @Override
    public Iterable<T> get() {
        return elements;
    }

    @Override
    public void add(T value) {
        elements.add(Objects.requireNonNull(value, () -> "list state '" + name + "' does not take null elements"));
    }

    @Override
    public void addAll(List<T> values) {
        for (T value : values) {
            add(value);
        }
    }

    @Override
    public void update(List<T> values) {
        elements.clear();
        addAll(values);
    }

    @Override
    public void clear() {
        elements.clear();
    }

    /** A copy that later changes to this state cannot reach: mutable elements are copied too. */
    ArrayList<T> copyElements() {
        ArrayList<T> copy = new ArrayList<>(elements.size());
        for (T element : elements) {
            copy.add(codec.isImmutable() ? element : codec.copy(element));
        }
        return copy;
    }
}
