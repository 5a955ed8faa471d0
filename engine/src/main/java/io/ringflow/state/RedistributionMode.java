package io.ringflow.state;

import java.util.ArrayList;
import java.util.List;

/** How an operator list state is spread over the parallel instances of a restored job. */
public enum RedistributionMode {
    /** {@code getListState}: the old elements are dealt out round-robin over the new instances. */
    SPLIT,
    /** {@code getUnionListState}: every new instance gets all old elements. */
    UNION,
    /**
     * Broadcast state: every old instance wrote the same copy, so new instance {@code i} takes old
     * instance {@code i % oldParallelism}'s list whole, as Flink reads broadcast state.
     */
    BROADCAST;

    /**
     * The list of new instance {@code subtaskIndex} of {@code newParallelism}, given every old
     * instance's list in old subtask order. For {@link #SPLIT} at unchanged parallelism each
     * instance keeps its own list; otherwise element {@code j} of the concatenated old lists goes
     * to new instance {@code j % newParallelism}.
     */
    public <T> List<T> redistribute(List<? extends List<T>> oldLists, int newParallelism, int subtaskIndex) {
        if (newParallelism < 1 || subtaskIndex < 0 || subtaskIndex >= newParallelism) {
            throw new IllegalArgumentException("subtask " + subtaskIndex + " of parallelism " + newParallelism
                + " does not exist");
        }
        if (this == BROADCAST) {
            return oldLists.isEmpty() ? new ArrayList<>() : new ArrayList<>(oldLists.get(subtaskIndex % oldLists.size()));
        }
        if (this == SPLIT && oldLists.size() == newParallelism) {
            return new ArrayList<>(oldLists.get(subtaskIndex));
        }
        List<T> result = new ArrayList<>();
        int j = 0;
        for (List<T> old : oldLists) {
            for (T element : old) {
                if (this == UNION || j % newParallelism == subtaskIndex) {
                    result.add(element);
                }
                j++;
            }
        }
        return result;
    }
}
