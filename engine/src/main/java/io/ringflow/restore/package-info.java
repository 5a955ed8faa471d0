/**
 * Building an attempt's state from a checkpoint or savepoint, before its tasks start: which
 * checkpoint to restore (and when a fallback is refused), what each operator gets back by key
 * group, and the in-flight records an unaligned checkpoint persisted.
 */
package io.ringflow.restore;
