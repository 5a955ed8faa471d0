package io.ringflow.api.connector;

import io.ringflow.api.codec.Codec;
import io.ringflow.api.codec.Codecs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fake external system with transactions, and the two-phase-commit sink writing into it:
 * records of a transaction become visible only when it commits; every call is logged.
 */
final class TransactionalStore {
    final List<String> events = new ArrayList<>();
    final List<String> visible = new ArrayList<>();
    private final Map<Long, List<String>> open = new HashMap<>();
    private final Map<Long, List<String>> prepared = new HashMap<>();
    private long nextId = 1;

    /** The sink whose transactions are ids of this store. */
    TwoPhaseCommitSink<String, Long> sink() {
        return new TwoPhaseCommitSink<>() {
            private static final long serialVersionUID = 1L;

            @Override
            protected Long beginTransaction(SinkContext context) {
                long id = nextId++;
                open.put(id, new ArrayList<>());
                events.add("begin " + id);
                return id;
            }

            @Override
            protected void write(Long transaction, String value, long timestamp) {
                open.get(transaction).add(value);
            }

            @Override
            protected void preCommit(Long transaction) {
                prepared.put(transaction, open.remove(transaction));
                events.add("preCommit " + transaction);
            }

            @Override
            protected void commit(Long transaction) {
                List<String> records = prepared.remove(transaction);
                if (records != null) {
                    visible.addAll(records);
                }
                events.add("commit " + transaction);
            }

            @Override
            protected void abort(Long transaction) {
                open.remove(transaction);
                prepared.remove(transaction);
                events.add("abort " + transaction);
            }

            @Override
            protected Codec<Long> transactionCodec() {
                return Codecs.LONG;
            }

            @Override
            protected void recoverAndCommit(Long transaction) {
                events.add("recover");
                commit(transaction);
            }

            @Override
            protected void close(SinkContext context) {
                events.add("close " + context.subtaskIndex());
            }
        };
    }

    /** True while {@code transaction} is pre-committed and not yet committed or aborted. */
    boolean isPrepared(long transaction) {
        return prepared.containsKey(transaction);
    }
}
