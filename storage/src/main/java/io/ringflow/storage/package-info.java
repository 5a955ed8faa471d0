/**
 * Durable checkpoints and savepoints. State is opaque bytes labelled by operator uid, subtask
 * and key group; storage knows nothing of operators.
 *
 * <pre>
 *   StorageOptions ──► CheckpointStorage.create(options)
 *                        ├─ HeapCheckpointStorage   (jobmanager)
 *                        └─ FileCheckpointStorage   (filesystem: Chronicle mapped files)
 *   write:  beginCheckpoint / beginSavepoint ─► CheckpointWriter
 *             ├─ openState(uid, subtask)  ─► StateOutput    (key-group chunks + index)
 *             ├─ openInFlight(channel)    ─► InFlightOutput (length-prefixed records)
 *             └─ complete(operators)      ─► _metadata last, atomic rename, retention
 *   read:   latest(job) / open(path)      ─► CompletedCheckpoint
 * </pre>
 *
 * Sub-packages: {@code layout} (directory names), {@code metadata} (the {@code _metadata}
 * model and its YAML), {@code file} (byte layouts, mapped writing, checked reading),
 * {@code cli} (the {@code ringflow checkpoints} command).
 */
package io.ringflow.storage;
