/** Tumbling event-time and processing-time windows. */
package io.ringflow.api.window;
