package io.ringflow.channel;

/**
 * The barrier markers beside one ring, oldest first: a single-producer single-consumer array
 * queue whose consumer can look at every queued marker, not only the oldest. A task must see a
 * new (unaligned) barrier as soon as it is published, even while older markers it has not read
 * up to sit ahead of it.
 */
final class MarkerQueue {
    private final BarrierMarker[] markers;
    private final int mask;
    private volatile long head; // written by the consumer only: index of the oldest marker not taken
    private volatile long tail; // written by the producer only: index the next marker goes to

    private static final java.lang.invoke.VarHandle TAIL;

    static {
        try {
            TAIL = java.lang.invoke.MethodHandles.lookup().findVarHandle(MarkerQueue.class, "tail", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    MarkerQueue(int capacity) {
        this.markers = new BarrierMarker[capacity];
        this.mask = capacity - 1;
    }

    /** Producer: false when full. The volatile write of {@code tail} publishes the marker. */
    boolean offer(BarrierMarker marker) {
        long at = tail;
        if (at - head >= markers.length) {
            return false;
        }
        markers[(int) at & mask] = marker;
        tail = at + 1;
        return true;
    }

    long head() {
        return head;
    }

    long tail() {
        return tail;
    }

    /**
     * The tail without ordering: a plain load the compiler may not hoist out of a loop, cheap
     * enough to check after every record. Seeing a new tail says a marker was queued; read it
     * through {@link #tail()}, whose volatile load orders the marker's fields.
     */
    long tailOpaque() {
        return (long) TAIL.getOpaque(this);
    }

    /** Consumer: the marker at {@code index}, which must be in [head, tail). */
    BarrierMarker get(long index) {
        return markers[(int) index & mask];
    }

    /** Consumer: the oldest marker, or null. */
    BarrierMarker peek() {
        return head < tail ? get(head) : null;
    }

    /** Consumer: takes the oldest marker, or null. */
    BarrierMarker poll() {
        long at = head;
        if (at >= tail) {
            return null;
        }
        BarrierMarker marker = get(at);
        markers[(int) at & mask] = null;
        head = at + 1;
        return marker;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("[");
        for (long i = head, end = tail; i < end; i++) {
            BarrierMarker marker = get(i);
            if (marker != null) {
                out.append(i == head ? "" : ", ").append(marker.checkpointId()).append('@').append(marker.position())
                    .append(marker.unaligned() ? "u" : "");
            }
        }
        return out.append(']').toString();
    }
}
