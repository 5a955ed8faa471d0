package io.ringflow.stress;

import java.io.Serializable;

/** Makes an operator slow without sleeping: a 200 µs busy-wait every 64 records keeps the thread on its core, as real work would. */
final class Spin implements Serializable {
    private static final long serialVersionUID = 1L;
    static final int EVERY = 64;
    static final long NANOS = 200_000;

    private long calls;

    void tick() {
        if (++calls % EVERY == 0) {
            long end = System.nanoTime() + NANOS;
            while (System.nanoTime() - end < 0) {
                Thread.onSpinWait();
            }
        }
    }
}
