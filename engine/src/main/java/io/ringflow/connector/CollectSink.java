package io.ringflow.connector;

import io.ringflow.api.connector.Sink;
import io.ringflow.api.connector.SinkContext;
import io.ringflow.api.connector.SinkWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keeps every record it receives in memory, per subtask in arrival order; for tests and small
 * jobs. Read the results after the job ended (or while it runs: reads are synchronized).
 */
public final class CollectSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;
    private final transient List<List<T>> perSubtask = new CopyOnWriteArrayList<>();

    @Override
    public SinkWriter<T> createWriter(SinkContext context) {
        List<T> received = new ArrayList<>();
        perSubtask.add(received);
        return (element, timestamp) -> {
            synchronized (received) {
                received.add(element);
            }
        };
    }

    /** Every record received, subtask by subtask. */
    public List<T> getResults() {
        List<T> all = new ArrayList<>();
        for (List<T> received : perSubtask) {
            synchronized (received) {
                all.addAll(received);
            }
        }
        return all;
    }

    /** The records of each subtask, in the order that subtask received them. */
    public List<List<T>> getResultsPerSubtask() {
        List<List<T>> copy = new ArrayList<>();
        for (List<T> received : perSubtask) {
            synchronized (received) {
                copy.add(new ArrayList<>(received));
            }
        }
        return copy;
    }
}
