package io.ringflow.stress;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Comparator;
import java.util.Map;

/** Text for reports: stack traces, and the stacks of Ringflow's threads when the job's own diagnostics fail. */
final class Dumps {
    private Dumps() {
    }

    static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    /** Every live {@code ringflow-} thread with its state and stack. */
    static String ringflowThreads() {
        StringBuilder out = new StringBuilder();
        Thread.getAllStackTraces().entrySet().stream()
            .filter(e -> e.getKey().getName().startsWith("ringflow-"))
            .sorted(Comparator.comparing((Map.Entry<Thread, StackTraceElement[]> e) -> e.getKey().getName()))
            .forEach(e -> {
                out.append("thread ").append(e.getKey().getName()).append(' ').append(e.getKey().getState()).append('\n');
                for (StackTraceElement frame : e.getValue()) {
                    out.append("      at ").append(frame).append('\n');
                }
            });
        return out.toString();
    }
}
