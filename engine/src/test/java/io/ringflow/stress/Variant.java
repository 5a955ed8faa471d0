package io.ringflow.stress;

/** Where the job is slow, and how many records each input becomes. */
enum Variant {
    /** The map chained before the sink busy-waits: backpressure reaches back through every ring. */
    SLOW_SINK,
    /** The keyed operator busy-waits instead: the keyBy rings fill, the rebalance ring stays nearly empty. */
    SLOW_KEYED,
    /** A flatMap after the source emits 100 records per input (a burst larger than small rings); slow sink. */
    FAN_OUT;

    static final int FAN_OUT_FACTOR = 100;

    int fanOut() {
        return this == FAN_OUT ? FAN_OUT_FACTOR : 1;
    }

    boolean slowSink() {
        return this != SLOW_KEYED;
    }

    boolean slowKeyed() {
        return this == SLOW_KEYED;
    }
}
