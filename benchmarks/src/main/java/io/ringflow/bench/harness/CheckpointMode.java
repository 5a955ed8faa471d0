package io.ringflow.bench.harness;

import io.ringflow.api.StreamEnvironment;

import java.time.Duration;

/**
 * The checkpointing variants of the workloads. Only {@link #NONE} runs today: the engine has no
 * {@code enableCheckpointing} yet, so the other modes produce a run object carrying
 * {@link #NOT_AVAILABLE} instead of figures. {@link #enable} is the one place to wire them.
 */
enum CheckpointMode {
    NONE("none"),
    ALIGNED("aligned"),
    UNALIGNED("unaligned"),
    AT_LEAST_ONCE("at_least_once");

    static final String NOT_AVAILABLE = "checkpointing not available yet";

    private final String jsonName;

    CheckpointMode(String jsonName) {
        this.jsonName = jsonName;
    }

    String jsonName() {
        return jsonName;
    }

    /** Whether the engine can run this mode now. */
    boolean available() {
        return this == NONE;
    }

    /** Configures {@code env} for this mode; fails for modes the engine cannot run yet. */
    void enable(StreamEnvironment env, Duration interval) {
        if (!available()) {
            throw new UnsupportedOperationException(NOT_AVAILABLE + " (mode " + jsonName + ", interval " + interval + ")");
        }
    }

    static CheckpointMode byName(String name) {
        for (CheckpointMode mode : values()) {
            if (mode.jsonName.equals(name)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + name + "'; use none, aligned, unaligned or at_least_once");
    }
}
