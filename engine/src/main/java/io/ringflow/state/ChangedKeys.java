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
    // per key group its first list, and the others when several intervals listed changes there: one
    // list is the common case, and wrapping it cost a list and its array per key group and checkpoint
    private final List<?>[] firstLists;
    private final List<List<?>>[] moreLists;
    private final boolean[] mayRepeat;

    @SuppressWarnings("unchecked")
    ChangedKeys(int keyGroups) {
        firstLists = new List<?>[keyGroups];
        moreLists = (List<List<?>>[]) new List<?>[keyGroups];
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
        for (int i = 0; i < firstLists.length; i++) {
            if (other.firstLists[i] != null) {
                add(i, other.firstLists[i], other.mayRepeat[i]);
                List<List<?>> more = other.moreLists[i];
                for (int j = 0; more != null && j < more.size(); j++) {
                    add(i, more.get(j), other.mayRepeat[i]);
                }
            }
        }
    }

    boolean any(int index) {
        return firstLists[index] != null;
    }

    /** The number of keys listed, counting a key listed twice twice. */
    long size() {
        long size = 0;
        for (int i = 0; i < firstLists.length; i++) {
            if (firstLists[i] != null) {
                size += firstLists[i].size();
                List<List<?>> more = moreLists[i];
                for (int j = 0; more != null && j < more.size(); j++) {
                    size += more.get(j).size();
                }
            }
        }
        return size;
    }

    /** Every list of key group {@code index}, oldest first; only where several are. */
    private List<List<?>> listsOf(int index) {
        List<List<?>> all = new ArrayList<>(1 + moreLists[index].size());
        all.add(firstLists[index]);
        all.addAll(moreLists[index]);
        return all;
    }

    /**
     * Each changed key of key group {@code index} once, in the order first listed; empty when none.
     * A {@link ChangeList} (keys with their latest values) when the maps listed them so, else a
     * list of keys.
     */
    List<?> keysOf(int index) {
        List<?> first = firstLists[index];
        if (first == null) {
            return List.of();
        }
        if (moreLists[index] == null && !mayRepeat[index]) {
            return first;
        }
        List<List<?>> group = moreLists[index] == null ? List.of(first) : listsOf(index);
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
        if (firstLists[index] == null) {
            firstLists[index] = keys;
        } else {
            repeat = true; // another interval may list the same key
            if (moreLists[index] == null) {
                moreLists[index] = new ArrayList<>(2);
            }
            moreLists[index].add(keys);
        }
        mayRepeat[index] |= repeat;
    }
}
