package io.ringflow.api.connector;

/** Whether a source ends by itself. */
public enum Boundedness { BOUNDED, CONTINUOUS_UNBOUNDED }
