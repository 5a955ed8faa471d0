package io.ringflow.state;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.agrona.collections.Long2LongHashMap;

/**
 * The keys one state changed per key group over one or more snapshot intervals, as the maps
 * listed them: keys, or primitive longs from a {@link PrimitiveKeyStateMap}. Lists handed over
 * are never written again, so a snapshot writer may read them on its own thread while the task
 * lists new changes elsewhere.
 */
final class ChangedKeys<K> {
    private final List<List<?>>[] lists;
    private final boolean[] mayRepeat;

    @SuppressWarnings("unchecked")
    ChangedKeys(int keyGroups) {
        lists = (List<List<?>>[]) new List<?>[keyGroups];
        mayRepeat = new boolean[keyGroups];
    }

    /** Takes the lists of every map of {@code state}: one interval's changes. */
    static <K> ChangedKeys<K> take(RegisteredKeyedState<K, ?> state) {
        ChangedKeys<K> taken = new ChangedKeys<>(state.maps.length);
        for (int i = 0; i < state.maps.length; i++) {
            StateMap<K, ?> map = state.maps[i];
            boolean repeat = map.changedMayRepeat();
            List<?> keys = map.takeChanged();
            if (keys != null) {
                taken.add(i, keys, repeat);
            }
        }
        return taken;
    }

    /** Adds every list of {@code other}: the union of two intervals. */
    void addAll(ChangedKeys<K> other) {
        for (int i = 0; i < lists.length; i++) {
            if (other.lists[i] != null) {
                for (List<?> keys : other.lists[i]) {
                    add(i, keys, other.mayRepeat[i]);
                }
            }
        }
    }

    boolean any(int index) {
        return lists[index] != null;
    }

    /** The number of keys listed, counting a key listed twice twice. */
    long size() {
        long size = 0;
        for (List<List<?>> group : lists) {
            if (group != null) {
                for (List<?> keys : group) {
                    size += keys.size();
                }
            }
        }
        return size;
    }

    /**
     * Each changed key of key group {@code index} once, in the order first listed; empty when none.
     * A {@link ChangeList} (keys with their latest values) when the maps listed them so, else a
     * list of keys.
     */
    List<?> keysOf(int index) {
        List<List<?>> group = lists[index];
        if (group == null) {
            return List.of();
        }
        if (group.size() == 1 && !mayRepeat[index]) {
            return group.get(0);
        }
        if (group.get(0) instanceof ChangeList) {
            Long2LongHashMap listedAt = new Long2LongHashMap(-1);
            ChangeList distinct = new ChangeList(16);
            for (List<?> keys : group) {
                ChangeList listed = (ChangeList) keys;
                for (int i = 0, n = listed.size(); i < n; i++) {
                    long key = listed.getLong(i);
                    long at = listedAt.get(key);
                    if (at < 0) {
                        listedAt.put(key, distinct.add(key, listed.valueAt(i)));
                    } else {
                        distinct.setValue((int) at, listed.valueAt(i)); // the later entry holds
                    }
                }
            }
            return distinct;
        }
        Set<Object> seen = new HashSet<>();
        List<Object> distinct = new ArrayList<>();
        for (List<?> keys : group) {
            for (Object key : keys) {
                if (seen.add(key)) {
                    distinct.add(key);
                }
            }
        }
        return distinct;
    }

    private void add(int index, List<?> keys, boolean repeat) {
        if (lists[index] == null) {
            lists[index] = new ArrayList<>(2);
        } else {
            repeat = true; // another interval may list the same key
        }
        lists[index].add(keys);
        mayRepeat[index] |= repeat;
    }
}
