package io.ringflow.storage.metadata;

/** A checkpoint is taken and retired by the engine; a savepoint is the user's and never deleted. */
public enum CheckpointKind { CHECKPOINT, SAVEPOINT }
