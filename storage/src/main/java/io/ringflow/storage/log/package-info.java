/**
 * Chronicle Queue logs of records: one queue per writing subtask in {@code <log-dir>/subtask-<i>},
 * documents laid out by {@link io.ringflow.storage.log.LogDocumentDescriptor}, a
 * {@link io.ringflow.storage.log.LogWriter} per subtask, a {@link io.ringflow.storage.log.LogTailer}
 * per queue with checkpointable positions, and a read-committed
 * {@link io.ringflow.storage.log.LogReader} over all queues of a log.
 *
 * <pre>
 *  sink subtask 0 --LogWriter--> subtask-0/ --+
 *  sink subtask 1 --LogWriter--> subtask-1/ --+--> LogReader.readCommitted: records of committed txns
 *                                             +--> LogTailer (source): one queue, from an index or a time
 * </pre>
 */
package io.ringflow.storage.log;
