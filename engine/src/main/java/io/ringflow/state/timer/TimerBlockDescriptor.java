package io.ringflow.state.timer;

/**
 * Layout of the timers of one key group in a snapshot. Little-endian
 * ({@link io.ringflow.state.BlockWriter#ORDER}).
 *
 * <pre>
 *   0                   4                   8                   12
 *   +-------------------+-------------------+-------------------+
 *   | BEGIN_MARKER      | key group         | event-time count  |
 *   +-------------------+-------------------+-------------------+
 *   | event-time count x timer                                  |
 *   +-------------------+---------------------------------------+
 *   | processing count  | processing count x timer              |
 *   +-------------------+---------------------------------------+
 *   | END_MARKER        |
 *   +-------------------+
 *
 *   timer: [timestamp:long][key len:int][key bytes]
 * </pre>
 */
final class TimerBlockDescriptor {
    /** "RFTM" read as a little-endian int. */
    static final int BEGIN_MARKER = 0x4D544652;
    /** "TMND" read as a little-endian int. */
    static final int END_MARKER = 0x444E4D54;
    static final int KEY_GROUP_OFFSET = 4;
    static final int EVENT_TIME_COUNT_OFFSET = 8;

    private TimerBlockDescriptor() {
    }
}
