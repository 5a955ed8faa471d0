package io.ringflow.connector;

import io.ringflow.storage.log.LogTailer;

import java.nio.ByteBuffer;

/**
 * The checkpointed position of a {@link ChronicleLogSource} subtask: for each queue it reads,
 * where its tailer is and where a bounded replay ends. Big-endian, as {@link ByteBuffer} writes.
 *
 * <pre>
 *  offset      size  field
 *  0           4     queue count n
 *  4 + 21*k    4     queue k: subtask number of the queue (its directory subtask-q)
 *  8 + 21*k    8     position index (LogTailer.NO_INDEX = the start)
 *  16 + 21*k   1     1 = the position was read (continue after it), 0 = continue at it
 *  17 + 21*k   8     end index of a bounded replay (NO_INDEX = nothing to read; MAX_VALUE = tailing)
 * </pre>
 */
final class LogPositionDescriptor {
    static final int COUNT_LENGTH = Integer.BYTES;
    static final int QUEUE_OFFSET = 0;
    static final int INDEX_OFFSET = QUEUE_OFFSET + Integer.BYTES;
    static final int READ_OFFSET = INDEX_OFFSET + Long.BYTES;
    static final int END_OFFSET = READ_OFFSET + Byte.BYTES;
    static final int QUEUE_LENGTH = END_OFFSET + Long.BYTES;

    private LogPositionDescriptor() {
    }

    /** Offset of the entry of queue {@code k}. */
    static int queueOffset(int k) {
        return COUNT_LENGTH + k * QUEUE_LENGTH;
    }

    /** Encodes the positions of {@code queues}. */
    static byte[] encode(LogQueueCursor[] queues) {
        ByteBuffer out = ByteBuffer.allocate(queueOffset(queues.length));
        out.putInt(queues.length);
        for (int k = 0; k < queues.length; k++) {
            int at = queueOffset(k);
            LogTailer tailer = queues[k].tailer();
            out.putInt(at + QUEUE_OFFSET, queues[k].queue());
            out.putLong(at + INDEX_OFFSET, tailer.positionIndex());
            out.put(at + READ_OFFSET, (byte) (tailer.positionIsRead() ? 1 : 0));
            out.putLong(at + END_OFFSET, queues[k].endIndex());
        }
        return out.array();
    }

    /** The number of queues in {@code position}, checking that its length matches. */
    static int queueCount(byte[] position) {
        int count = position.length < COUNT_LENGTH ? -1 : ByteBuffer.wrap(position).getInt(0);
        if (count < 0 || position.length != queueOffset(count)) {
            throw new IllegalArgumentException("a Chronicle log source position of " + position.length
                + " bytes is malformed; the checkpoint does not belong to this source");
        }
        return count;
    }

    static int queue(byte[] position, int k) {
        return ByteBuffer.wrap(position).getInt(queueOffset(k) + QUEUE_OFFSET);
    }

    static long index(byte[] position, int k) {
        return ByteBuffer.wrap(position).getLong(queueOffset(k) + INDEX_OFFSET);
    }

    static boolean isRead(byte[] position, int k) {
        return position[queueOffset(k) + READ_OFFSET] == 1;
    }

    static long endIndex(byte[] position, int k) {
        return ByteBuffer.wrap(position).getLong(queueOffset(k) + END_OFFSET);
    }
}
