/**
 * The connector API: a {@link io.ringflow.api.connector.Source} makes one
 * {@link io.ringflow.api.connector.SourceReader} per subtask, whose read position is checkpointed;
 * a {@link io.ringflow.api.connector.Sink} makes one {@link io.ringflow.api.connector.SinkWriter}
 * per subtask, which may keep operator state and hear of completed checkpoints; and
 * {@link io.ringflow.api.connector.TwoPhaseCommitSink} turns a transactional external system
 * into an exactly-once sink.
 */
package io.ringflow.api.connector;
