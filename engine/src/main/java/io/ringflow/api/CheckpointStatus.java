package io.ringflow.api;

/** Where a checkpoint ended up, as Flink's UI shows it. */
public enum CheckpointStatus { IN_PROGRESS, COMPLETED, FAILED, EXPIRED, SUBSUMED }
