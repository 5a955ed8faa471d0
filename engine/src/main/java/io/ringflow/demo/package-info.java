/** The demo job: trades into per-symbol running volume and 1-second VWAP windows, fault tolerant. */
package io.ringflow.demo;
