package io.ringflow.state;

/**
 * Layout of the operator state of one parallel instance. Little-endian ({@link BlockWriter#ORDER}).
 *
 * <pre>
 *   0                   4                   8
 *   +-------------------+-------------------+
 *   | BEGIN_MARKER      | state count       |
 *   +-------------------+-------------------+
 *   | state count x state                   |
 *   +-------------------+-------------------+
 *   | END_MARKER        |
 *   +-------------------+
 *
 *   state: [name len:int][name UTF-8][mode:byte][type][element count:int] count x ([len:int][element bytes])
 *   mode: the RedistributionMode ordinal, | StateType.TYPED when the type follows
 *   type: [len:int][element codec identity UTF-8]; absent in blocks written before types were stored
 * </pre>
 */
final class OperatorStateBlockDescriptor {
    /** "RFOS" read as a little-endian int. */
    static final int BEGIN_MARKER = 0x534F4652;
    /** "OSND" read as a little-endian int. */
    static final int END_MARKER = 0x444E534F;
    static final int STATE_COUNT_OFFSET = 4;
    static final int HEADER_LENGTH = 8;

    private OperatorStateBlockDescriptor() {
    }
}
