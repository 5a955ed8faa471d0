package io.ringflow.state.timer;

import java.util.Arrays;

/**
 * The timers of one time domain: a binary min-heap for firing order and an
 * open-addressing hash table on (key, timestamp) for dedup and delete, both holding the same
 * {@link Timer} objects. Lookup allocates nothing, so registering a timer that exists is free.
 * Timers of one timestamp fire in a fixed order (key group, then hash, then key when keys are
 * comparable), not in the order they were registered or restored: that order depends on how
 * parallel inputs interleaved, and a replay of the same input must fire them alike.
 * Task thread only.
 */
final class TimerQueue<K> {
    private Timer<K>[] heap = newArray(64);
    private int size;
    private Timer<K>[] slots = newArray(128);

    int size() {
        return size;
    }

    /** The earliest timer, or null. */
    Timer<K> peek() {
        return size == 0 ? null : heap[0];
    }

    /** Adds the timer unless it exists; false when it did. */
    boolean add(K key, long timestamp, int keyGroup) {
        int hash = hash(key, timestamp);
        int mask = slots.length - 1;
        int i = hash & mask;
        for (Timer<K> t; (t = slots[i]) != null; i = (i + 1) & mask) {
            if (t.hash == hash && t.is(key, timestamp)) {
                return false;
            }
        }
        Timer<K> timer = new Timer<>(key, timestamp, keyGroup, hash);
        slots[i] = timer;
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        timer.heapIndex = size;
        heap[size++] = timer;
        siftUp(timer.heapIndex);
        if (size > slots.length >>> 1) {
            rehash(slots.length * 2);
        }
        return true;
    }

    /** Removes the timer; false when there was none. */
    boolean remove(K key, long timestamp) {
        int hash = hash(key, timestamp);
        int mask = slots.length - 1;
        for (int i = hash & mask; slots[i] != null; i = (i + 1) & mask) {
            Timer<K> t = slots[i];
            if (t.hash == hash && t.is(key, timestamp)) {
                removeSlot(i);
                removeFromHeap(t.heapIndex);
                return true;
            }
        }
        return false;
    }

    /** Removes and returns the earliest timer, or null. */
    Timer<K> poll() {
        if (size == 0) {
            return null;
        }
        Timer<K> head = heap[0];
        remove(head.key, head.timestamp);
        return head;
    }

    /** A copy of the heap array's live part: the timers, in no particular order. */
    Timer<K>[] copyTimers() {
        return Arrays.copyOf(heap, size);
    }

    private void removeFromHeap(int index) {
        Timer<K> last = heap[--size];
        heap[size] = null;
        if (index < size) {
            heap[index] = last;
            last.heapIndex = index;
            siftDown(index);
            siftUp(last.heapIndex);
        }
    }

    /** Backward-shift deletion: closes the gap so that every probe chain stays unbroken. */
    private void removeSlot(int gap) {
        int mask = slots.length - 1;
        slots[gap] = null;
        for (int j = (gap + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
            int home = slots[j].hash & mask;
            // Move slots[j] into the gap unless its home lies cyclically in (gap, j].
            boolean homeInRange = gap <= j ? (home > gap && home <= j) : (home > gap || home <= j);
            if (!homeInRange) {
                slots[gap] = slots[j];
                slots[j] = null;
                gap = j;
            }
        }
    }

    private void rehash(int capacity) {
        Timer<K>[] grown = newArray(capacity);
        int mask = capacity - 1;
        for (Timer<K> t : slots) {
            if (t != null) {
                int i = t.hash & mask;
                while (grown[i] != null) {
                    i = (i + 1) & mask;
                }
                grown[i] = t;
            }
        }
        slots = grown;
    }

    private void siftUp(int index) {
        Timer<K> timer = heap[index];
        while (index > 0) {
            int parent = (index - 1) >>> 1;
            if (!before(timer, heap[parent])) {
                break;
            }
            place(heap[parent], index);
            index = parent;
        }
        place(timer, index);
    }

    private void siftDown(int index) {
        Timer<K> timer = heap[index];
        int half = size >>> 1;
        while (index < half) {
            int child = 2 * index + 1;
            if (child + 1 < size && before(heap[child + 1], heap[child])) {
                child++;
            }
            if (!before(heap[child], timer)) {
                break;
            }
            place(heap[child], index);
            index = child;
        }
        place(timer, index);
    }

    /** Whether {@code a} fires before {@code b}. */
    private static boolean before(Timer<?> a, Timer<?> b) {
        if (a.timestamp != b.timestamp) {
            return a.timestamp < b.timestamp;
        }
        if (a.keyGroup != b.keyGroup) {
            return a.keyGroup < b.keyGroup;
        }
        if (a.hash != b.hash) {
            return a.hash < b.hash;
        }
        return compareKeys(a.key, b.key) < 0;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareKeys(Object a, Object b) {
        if (a instanceof Comparable comparable && a.getClass() == b.getClass()) {
            return comparable.compareTo(b);
        }
        return 0; // equal hashes of keys without an order: registration order decides, as before
    }

    private void place(Timer<K> timer, int index) {
        heap[index] = timer;
        timer.heapIndex = index;
    }

    private static int hash(Object key, long timestamp) {
        int h = key.hashCode() * 0x9E3779B9 + Long.hashCode(timestamp);
        h *= 0x85ebca6b;
        return h ^ (h >>> 15);
    }

    @SuppressWarnings("unchecked")
    private static <K> Timer<K>[] newArray(int capacity) {
        return (Timer<K>[]) new Timer<?>[capacity];
    }
}
