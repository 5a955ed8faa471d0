/** Flink's checkpoint directory layout: job directories, {@code chk-<n>}, file names, savepoint names. */
package io.ringflow.storage.layout;
