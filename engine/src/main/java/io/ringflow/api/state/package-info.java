/**
 * State that user functions keep across records and that checkpoints save.
 *
 * <pre>
 *   keyed state (per key, after keyBy)        operator state (per parallel instance)
 *   KeyedStateStore                           OperatorStateStore
 *     ValueState / ListState /                  ListState  split on rescale
 *     MapState / ReducingState                  ListState  union on rescale
 * </pre>
 *
 * A function registers its states by descriptor (name + codec) in {@code open} or in
 * {@link io.ringflow.api.state.CheckpointedFunction#initializeState}. All access happens on
 * the task thread; snapshots are copy-on-write, so a checkpoint does not stop processing.
 */
package io.ringflow.api.state;
