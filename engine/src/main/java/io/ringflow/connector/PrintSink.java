package io.ringflow.connector;

import io.ringflow.api.connector.Sink;
import io.ringflow.api.connector.SinkContext;
import io.ringflow.api.connector.SinkWriter;

import java.io.PrintStream;

/**
 * Prints each record's {@code toString()} on a line of standard out or standard error, in
 * Flink's format: {@code identifier:subtask> record}, the subtask (counted from 1) only when the
 * sink runs in more than one, the identifier only when given, and no prefix when neither.
 */
public final class PrintSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;
    private final boolean stdErr;
    private final String identifier;

    public PrintSink(boolean stdErr, String identifier) {
        this.stdErr = stdErr;
        this.identifier = identifier == null ? "" : identifier;
    }

    @Override
    public SinkWriter<T> createWriter(SinkContext context) {
        // the stream of the moment the writer opens, as Flink takes it, so System.setOut redirects it
        PrintStream target = stdErr ? System.err : System.out;
        String prefix = prefix(identifier, context.subtaskIndex(), context.parallelism());
        return (element, timestamp) -> target.println(prefix + element);
    }

    static String prefix(String identifier, int subtaskIndex, int parallelism) {
        String prefix = identifier;
        if (parallelism > 1) {
            prefix += (prefix.isEmpty() ? "" : ":") + (subtaskIndex + 1);
        }
        return prefix.isEmpty() ? "" : prefix + "> ";
    }
}
