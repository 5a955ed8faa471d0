package io.ringflow.connector;

import java.util.Arrays;

/**
 * The transactions of one log queue whose records a read-committed scan has seen but whose
 * COMMIT it has not: each id with the queue index of its first record, in the order they began.
 * Two primitive arrays, searched from the newest end (a record most often belongs to the
 * transaction of the record before it), so tracking allocates nothing once they have grown.
 */
final class OpenTransactions {
    static final int NOT_OPEN = -1;

    private long[] ids = new long[4];
    private long[] firstIndices = new long[4];
    private int size;

    int size() {
        return size;
    }

    long id(int k) {
        return ids[k];
    }

    long firstIndex(int k) {
        return firstIndices[k];
    }

    /** The position of {@code id} (0 = began first), or {@link #NOT_OPEN}. */
    int find(long id) {
        for (int k = size - 1; k >= 0; k--) {
            if (ids[k] == id) {
                return k;
            }
        }
        return NOT_OPEN;
    }

    /** Adds a transaction that began after every one held. */
    void add(long id, long firstIndex) {
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, size * 2);
            firstIndices = Arrays.copyOf(firstIndices, size * 2);
        }
        ids[size] = id;
        firstIndices[size] = firstIndex;
        size++;
    }

    /** Removes the transaction at {@code k} and every one that began before it. */
    void removeThrough(int k) {
        int kept = size - k - 1;
        System.arraycopy(ids, k + 1, ids, 0, kept);
        System.arraycopy(firstIndices, k + 1, firstIndices, 0, kept);
        size = kept;
    }

    void clear() {
        size = 0;
    }
}
