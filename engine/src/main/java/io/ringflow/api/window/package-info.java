/**
 * Windows as in Flink: assigners (tumbling, sliding, session and global windows), triggers and
 * evictors.
 */
package io.ringflow.api.window;
