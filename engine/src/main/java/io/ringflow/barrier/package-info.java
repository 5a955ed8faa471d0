/**
 * What a task thread does with barrier markers: when to block a channel, when to snapshot
 * (aligned, unaligned, at-least-once, aligned with timeout), and the in-flight capture of an
 * unaligned checkpoint. Task thread only, apart from the snapshot writer's copy of held slots.
 */
package io.ringflow.barrier;
