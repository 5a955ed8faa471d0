/** Small probes run by hand: a checkpoint's sync pause on a task thread, savepoint size and time. */
package io.ringflow.bench.probe;
