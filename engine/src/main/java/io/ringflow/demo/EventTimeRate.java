package io.ringflow.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The rate at which the trades' event time advances: the configured rate, so that 1 s bars come
 * about once a second. It is kept beside the checkpoints, because a restore must generate the
 * same trades as the run it continues, whatever its own --rate.
 */
final class EventTimeRate {
    /** The event-time rate of a run as fast as possible. */
    static final double UNLIMITED = 1_000_000;
    static final String FILE = "demo-event-time-rate";

    private EventTimeRate() {
    }

    static double of(DemoOptions options, PrintStream out) {
        double wanted = options.ratePerSecond() > 0 ? options.ratePerSecond() : UNLIMITED;
        if (options.checkpointDir() == null) {
            return wanted;
        }
        Path file = options.checkpointDir().resolve(FILE);
        try {
            if (options.restore() != null && Files.exists(file)) {
                double stored = Double.parseDouble(Files.readString(file).trim());
                if (stored != wanted) {
                    out.printf("event time advances at %,.0f trades/s, as in the run restored%n", stored);
                }
                return stored;
            }
            Files.createDirectories(options.checkpointDir());
            Files.writeString(file, Double.toString(wanted) + "\n");
            return wanted;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the event-time rate in " + file, e);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(file + " holds no rate: " + e.getMessage());
        }
    }
}
