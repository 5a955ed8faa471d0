package io.ringflow.cli.log;

import io.ringflow.storage.log.LogDocumentDescriptor;

import java.time.Instant;

/** One line per log document, the same in dump and tail, with key=value fields to grep. */
final class DocumentLines {
    private DocumentLines() {
    }

    static String record(String queue, long index, long txnId, long timestamp, long appendTimeMs, String payload) {
        return queue + " index=" + index + " RECORD txn=" + txn(txnId) + " event=" + eventTime(timestamp)
            + " appended=" + Instant.ofEpochMilli(appendTimeMs) + " " + payload;
    }

    static String commit(String queue, long index, long txnId) {
        return queue + " index=" + index + " COMMIT txn=" + txn(txnId);
    }

    static String txn(long txnId) {
        return txnId == LogDocumentDescriptor.AUTO_COMMIT_TXN_ID ? "auto" : String.format("%016x", txnId);
    }

    static String eventTime(long timestamp) {
        return timestamp == LogDocumentDescriptor.NO_TIMESTAMP ? "-" : Instant.ofEpochMilli(timestamp).toString();
    }
}
