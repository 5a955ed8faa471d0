package io.ringflow.cli.run;

import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * SIGTERM and SIGINT (Ctrl-C) handled instead of the JVM's default exit, so that the run stops
 * its jobs with a savepoint and then exits 0 itself; a shutdown hook could not change the exit
 * status (143 or 130). The handler runs on a thread of its own per signal. The former handlers
 * come back on close.
 */
final class StopSignals implements AutoCloseable {
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

    StopSignals(Consumer<String> onSignal) {
        for (String name : new String[] {"TERM", "INT"}) {
            Signal signal = new Signal(name);
            try {
                previous.put(signal, Signal.handle(signal, s -> onSignal.accept("SIG" + s.getName())));
            } catch (IllegalArgumentException reserved) {
                continue; // the JVM keeps this one (-Xrs): its default applies
            }
        }
    }

    @Override
    public void close() {
        previous.forEach(Signal::handle);
    }
}
