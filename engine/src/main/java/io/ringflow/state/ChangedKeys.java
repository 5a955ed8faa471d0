package io.ringflow.state;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The keys one state changed per key group over one or more snapshot intervals, as the maps
 * listed them. Lists handed over are never written again, so a snapshot writer may read them on
 * its own thread while the task lists new changes elsewhere.
 */
final class ChangedKeys<K> {
    private final List<ArrayList<K>>[] lists;
    private final boolean[] mayRepeat;

    @SuppressWarnings("unchecked")
    ChangedKeys(int keyGroups) {
        lists = (List<ArrayList<K>>[]) new List<?>[keyGroups];
        mayRepeat = new boolean[keyGroups];
    }

    /** Takes the lists of every map of {@code state}: one interval's changes. */
    static <K> ChangedKeys<K> take(RegisteredKeyedState<K, ?> state) {
        ChangedKeys<K> taken = new ChangedKeys<>(state.maps.length);
        for (int i = 0; i < state.maps.length; i++) {
            StateMap<K, ?> map = state.maps[i];
            boolean repeat = map.changedMayRepeat();
            ArrayList<K> keys = map.takeChanged();
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
                for (ArrayList<K> keys : other.lists[i]) {
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
        for (List<ArrayList<K>> group : lists) {
            if (group != null) {
                for (ArrayList<K> keys : group) {
                    size += keys.size();
                }
            }
        }
        return size;
    }

    /** Each changed key of key group {@code index} once, in the order listed; empty when none. */
    List<K> keysOf(int index) {
        List<ArrayList<K>> group = lists[index];
        if (group == null) {
            return List.of();
        }
        if (group.size() == 1 && !mayRepeat[index]) {
            return group.get(0);
        }
        Set<K> seen = new HashSet<>();
        List<K> distinct = new ArrayList<>();
        for (ArrayList<K> keys : group) {
            for (K key : keys) {
                if (seen.add(key)) {
                    distinct.add(key);
                }
            }
        }
        return distinct;
    }

    private void add(int index, ArrayList<K> keys, boolean repeat) {
        if (lists[index] == null) {
            lists[index] = new ArrayList<>(2);
        } else {
            repeat = true; // another interval may list the same key
        }
        lists[index].add(keys);
        mayRepeat[index] |= repeat;
    }
}
