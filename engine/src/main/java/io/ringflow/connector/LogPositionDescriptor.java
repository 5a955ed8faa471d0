package io.ringflow.connector;

import io.ringflow.storage.log.LogTailer;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * The checkpointed position of a {@link ChronicleLogSource} subtask: for each queue it reads,
 * where its tailer is, where a bounded replay ends, the transaction being replayed and the open
 * transactions (see {@link LogQueueCursor}). Big-endian, as {@link ByteBuffer} writes.
 *
 * <pre>
 *  offset  size  field
 *  0       4     FORMAT (-2; the first format began with the queue count, never negative)
 *  4       4     queue count n
 *  then n entries, each 41 + 16 m bytes:
 *  +0      4     subtask number of the queue (its directory subtask-q)
 *  +4      8     position index (LogTailer.NO_INDEX = the start)
 *  +12     1     1 = the position was read (continue after it), 0 = continue at it
 *  +13     8     end index of a bounded replay (NO_INDEX = nothing to read; MAX_VALUE = tailing)
 *  +21     8     transaction being replayed (0 = scanning)
 *  +29     8     index of the COMMIT the replay ends at (NO_INDEX when scanning)
 *  +37     4     open transaction count m
 *  +41     16 m  per open transaction, oldest first: id (8), index of its first record (8)
 * </pre>
 *
 * A position of the first format (count, then 21 bytes per queue: subtask, index, read, end)
 * is restored as scanning with no open transaction, which is what it meant.
 */
final class LogPositionDescriptor {
    static final int FORMAT = -2;
    static final int HEADER_LENGTH = 2 * Integer.BYTES;
    static final int ENTRY_LENGTH = Integer.BYTES + Byte.BYTES + 4 * Long.BYTES + Integer.BYTES;
    static final int OPEN_LENGTH = 2 * Long.BYTES;

    private LogPositionDescriptor() {
    }

    /** Encodes the positions of {@code queues}. */
    static byte[] encode(LogQueueCursor<?>[] queues) {
        int length = HEADER_LENGTH;
        for (LogQueueCursor<?> cursor : queues) {
            length += ENTRY_LENGTH + OPEN_LENGTH * cursor.openTransactions().size();
        }
        ByteBuffer out = ByteBuffer.allocate(length);
        out.putInt(FORMAT).putInt(queues.length);
        for (LogQueueCursor<?> cursor : queues) {
            LogTailer tailer = cursor.tailer();
            OpenTransactions open = cursor.openTransactions();
            out.putInt(cursor.queue())
                .putLong(tailer.positionIndex())
                .put((byte) (tailer.positionIsRead() ? 1 : 0))
                .putLong(cursor.endIndex())
                .putLong(cursor.replayTxnId())
                .putLong(cursor.replayCommitIndex())
                .putInt(open.size());
            for (int k = 0; k < open.size(); k++) {
                out.putLong(open.id(k)).putLong(open.firstIndex(k));
            }
        }
        return out.array();
    }

    /**
     * Moves each of {@code queues} checkpointed in {@code position} to its position. They must be
     * the queues checkpointed, or with {@code newQueuesAllowed} (a tailing reader) include them:
     * the others were created after the checkpoint and stay at their start.
     */
    static void restore(byte[] position, LogQueueCursor<?>[] queues, boolean newQueuesAllowed) {
        try {
            ByteBuffer in = ByteBuffer.wrap(position);
            boolean firstFormat = in.getInt(0) != FORMAT;
            if (!firstFormat) {
                in.getInt();
            }
            int count = in.getInt();
            if (!newQueuesAllowed || count > queues.length) {
                checkQueueCount(count, queues.length);
            }
            for (int entry = 0; entry < count; entry++) {
                int queue = in.getInt(in.position());
                LogQueueCursor<?> cursor = null;
                for (LogQueueCursor<?> candidate : queues) {
                    if (candidate.queue() == queue) {
                        cursor = candidate;
                    }
                }
                if (cursor == null) {
                    throw new IllegalStateException("the checkpointed Chronicle log source position names queue subtask-"
                        + queue + ", which this subtask does not read; a log that lost subtask queues cannot be "
                        + "resumed: replay it from the start or from a time");
                }
                restoreQueue(in, cursor, firstFormat);
            }
            if (in.hasRemaining()) {
                throw malformed(position);
            }
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw malformed(position);
        }
    }

    private static void restoreQueue(ByteBuffer in, LogQueueCursor<?> cursor, boolean firstFormat) {
        int queue = in.getInt();
        if (queue != cursor.queue()) {
            throw new IllegalStateException("the checkpointed position names queue subtask-" + queue
                + " where this subtask reads subtask-" + cursor.queue());
        }
        long index = in.getLong();
        boolean read = in.get() == 1;
        long end = in.getLong();
        if (firstFormat) {
            cursor.restore(index, read, end, LogQueueCursor.SCANNING, LogTailer.NO_INDEX);
            return;
        }
        cursor.restore(index, read, end, in.getLong(), in.getLong());
        int open = in.getInt();
        if (open < 0 || open > in.remaining() / OPEN_LENGTH) {
            throw new BufferUnderflowException();
        }
        for (int k = 0; k < open; k++) {
            cursor.openTransactions().add(in.getLong(), in.getLong());
        }
    }

    private static void checkQueueCount(int count, int reading) {
        if (count < 0) {
            throw new BufferUnderflowException();
        }
        if (count != reading) {
            throw new IllegalStateException("the checkpointed Chronicle log source position covers " + count
                + " queues, this subtask reads " + reading + "; a log that gained or lost subtask queues "
                + "cannot be resumed: replay it from the start or from a time");
        }
    }

    private static IllegalArgumentException malformed(byte[] position) {
        return new IllegalArgumentException("a Chronicle log source position of " + position.length
            + " bytes is malformed; the checkpoint does not belong to this source");
    }
}
