/**
 * The checkpoint coordinator, on its own thread: it triggers, completes, subsumes, expires and
 * tolerates checkpoints from its clock and the reports tasks send it ({@link io.ringflow.checkpoint.TaskReport}),
 * and commands tasks only through {@link io.ringflow.checkpoint.CheckpointCoordinator.TaskControl}.
 */
package io.ringflow.checkpoint;
